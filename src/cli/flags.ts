/**
 * @module The flags of every command: value parsers, argv parsing with one exit code (2) for
 * a bad flag, and the one wording of a bad flag, `Cannot use --flag "value": detail`.
 */
import { type Command, CommanderError, InvalidArgumentError } from "commander";
import type { z } from "zod";
import { UserError } from "../util/errors.ts";
import { firstIssue } from "../util/zod_issue.ts";

/** The exit code of a bad flag, a bad argument or a bad config (a failed run exits 1). */
export const BAD_FLAG_EXIT_CODE = 2;

/** A commander value parser: `(value, previous) => parsed`. */
export type FlagParser<T> = (value: string, previous?: T) => T;

function number(value: string, whole: boolean, min: number | undefined, what: string): number {
  const n = Number(value);
  const ok = value.trim() !== "" && (whole ? Number.isInteger(n) : Number.isFinite(n));
  if (!ok || (min !== undefined && n < min)) throw new InvalidArgumentError(`expected ${what}`);
  return n;
}

/** Parses a whole number (`--seed -3`). @throws {InvalidArgumentError} `expected a whole number` */
export function intFlag(value: string): number {
  return number(value, true, undefined, "a whole number");
}

/** Parses a whole number ≥ 1 (`--jobs 4`). @throws {InvalidArgumentError} on anything else */
export function countFlag(value: string): number {
  return number(value, true, 1, "a whole number ≥ 1");
}

/** Parses a finite number (`--think-time 2.5`). @throws {InvalidArgumentError} on anything else */
export function numberFlag(value: string): number {
  return number(value, false, undefined, "a number");
}

/** Parses a number ≥ 0 (`--threshold 5`). @throws {InvalidArgumentError} on anything else */
export function nonNegativeFlag(value: string): number {
  return number(value, false, 0, "a number ≥ 0");
}

/** Parses a TCP port, 0–65535 (0: any free port). @throws {InvalidArgumentError} on anything else */
export function portFlag(value: string): number {
  const n = number(value, true, 0, "a port, a whole number in 0–65535");
  if (n > 65535) throw new InvalidArgumentError("expected a port, a whole number in 0–65535");
  return n;
}

/**
 * A parser that accepts one of `names` (`--preset fast`).
 *
 * @example
 * ```ts
 * program.option("--preset <name>", "latency preset", choiceFlag(PRESET_NAMES), "fast");
 * ```
 */
export function choiceFlag(names: readonly string[]): (value: string) => string {
  return (value) => {
    if (names.includes(value)) return value;
    throw new InvalidArgumentError(`expected one of ${names.map((n) => `"${n}"`).join(", ")}`);
  };
}

/**
 * Collects a variadic or repeated flag into a list, each value parsed (`--concurrency 5 10`).
 *
 * @example
 * ```ts
 * program.option("--concurrency <n...>", "levels", listOf(countFlag));
 * ```
 */
export function listOf<T>(parse: (value: string) => T): FlagParser<T[]> {
  return (value, previous) => [...(previous ?? []), parse(value)];
}

/**
 * Collects a repeatable flag whose values may also be comma-separated (`--only a,b --only c`); commas
 * inside `[…]` do not split, so a matrix job name `sweep[endpoint=a,seed=1]` stays one value.
 */
export const commaList: FlagParser<string[]> = (value, previous) => [
  ...(previous ?? []),
  ...value.split(/,(?![^[]*\])/).map((s) => s.trim()).filter(Boolean),
];

/** Collects a repeatable flag's raw values, commas kept (`--set a.b=[1,2] --set c.d=3`). */
export const repeatable: FlagParser<string[]> = (value, previous) => [...(previous ?? []), value];

/** One flag's value as the error message quotes it. */
function shown(value: unknown): string {
  return Array.isArray(value) ? value.join(" ") : String(value);
}

/**
 * The one wording of a bad flag: `Cannot use --flag "value": detail`, or `Cannot use --flag:
 * detail` when the flag was not given; exit code 2.
 */
export function badFlag(flag: string, value: unknown, detail: string): UserError {
  const given = value === undefined ? "" : ` "${shown(value)}"`;
  return new UserError(`Cannot use ${flag}${given}: ${detail}`, { exitCode: BAD_FLAG_EXIT_CODE });
}

/**
 * Parses `argv` (without the program name) with `program`. Every flag error (unknown flag,
 * missing value or argument, a value its parser refuses) becomes one {@linkcode UserError} with
 * exit code 2, printed once by `runMain`; commander prints nothing of its own but help.
 *
 * @returns true to run the command; false when help or the version was printed (exit 0)
 * @throws {UserError} `Cannot use --num-samples "x": expected a whole number` (exit code 2)
 * @example
 * ```ts
 * if (!parseCommand(program, argv)) return 0;
 * ```
 */
export function parseCommand(program: Command, argv: readonly string[]): boolean {
  for (const option of program.options) {
    const parse = option.parseArg as FlagParser<unknown> | undefined;
    if (!parse) continue;
    option.parseArg = ((value: string, previous: unknown) => {
      try {
        return parse(value, previous);
      } catch (error) {
        if (!(error instanceof InvalidArgumentError)) throw error;
        throw badFlag(option.long ?? option.flags, value, error.message);
      }
    }) as typeof option.parseArg;
  }
  program.exitOverride().configureOutput({ outputError: () => {} });
  try {
    program.parse([...argv], { from: "user" });
    return true;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return false;
    throw new UserError(error.message.replace(/^error: /, ""), {
      exitCode: BAD_FLAG_EXIT_CODE,
      cause: error,
    });
  }
}

/**
 * Validates values built from flags against a params schema; the first problem becomes one
 * {@linkcode badFlag} error naming the flag (`max_sessions` → `--max-sessions`, or the name in
 * `flagNames` for a key spelled differently on the command line, or a positional `<input>`).
 *
 * @param schema the params schema (a stage's, or the sweep's options)
 * @param values the params built from flags, keyed as the schema is
 * @param flagNames flags whose name is not the key in kebab case, by key
 * @throws {UserError} `Cannot use --max-sessions "0": Too small: expected number to be >0` (exit 2)
 * @example
 * ```ts
 * const params = parseFlagValues(MergeParams, { inputs, seed: flags.seed });
 * ```
 */
export function parseFlagValues<S extends z.ZodType>(
  schema: S,
  values: Record<string, unknown>,
  flagNames: Record<string, string> = {},
): z.infer<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const { path, detail } = firstIssue(result.error);
  if (path.length === 0) {
    throw new UserError(`Cannot use these flags: ${detail}`, { exitCode: BAD_FLAG_EXIT_CODE });
  }
  const key = String(path[0]);
  throw badFlag(flagNames[key] ?? `--${key.replaceAll("_", "-")}`, values[key], detail);
}
