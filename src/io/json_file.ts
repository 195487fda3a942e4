/**
 * @module Small JSON files (summaries, manifests, cache entries): the one reader, validating with
 * zod and naming file:line:col or the field, and the one pretty writer (atomic).
 */
import { dirname } from "node:path";
import type { z } from "zod";
import { InputError } from "../util/errors.ts";
import { writeTextAtomically } from "./atomic_write.ts";
import { firstIssue } from "../util/zod_issue.ts";

/**
 * Reads a small JSON file and validates it, naming the file, the line and column of a syntax
 * error, or the first bad field.
 *
 * @param path the file
 * @param schema what the file must hold
 * @param what what the file should be, for the message (e.g. "sweep summary")
 * @throws {InputError} `<path>: file not found`, `<path>: is a folder, not a file`,
 *   `<path>:3:7: not valid JSON: …`, `<path>: not a sweep summary: runs.0.round: …`
 * @example
 * ```ts
 * const summary = await readJsonFile("results/x/summary.json", SweepSummary, "sweep summary");
 * ```
 */
export async function readJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
  what: string,
): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound
      ? "file not found"
      : error instanceof Deno.errors.IsADirectory
      ? "is a folder, not a file"
      : `cannot read the file: ${(error as Error).message}`;
    throw new InputError(path, undefined, why, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const { line, column } = positionOf(text, (error as Error).message);
    throw new InputError(path, line, `not valid JSON: ${(error as Error).message}`, {
      cause: error,
      column,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const { at, message } = firstIssue(parsed.error);
    throw new InputError(path, undefined, `not a ${what}: ${at ? `${at}: ` : ""}${message}`);
  }
  return parsed.data;
}

/** Finds the line and column of a `JSON.parse` error from the position in its message. */
function positionOf(text: string, message: string): { line?: number; column?: number } {
  const m = /position (\d+)/.exec(message);
  if (!m) return {};
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  return { line, column: pos - before.lastIndexOf("\n") };
}

/**
 * Like {@linkcode readJsonFile}, but a missing file gives `undefined`; every other problem
 * (unreadable, not JSON, wrong shape) still throws.
 *
 * @throws {InputError} as {@linkcode readJsonFile}, except for a missing file
 * @example
 * ```ts
 * const index = await readJsonFileIfExists(".turnbench/index/x.json", KeyParts, "stage index");
 * ```
 */
export async function readJsonFileIfExists<S extends z.ZodType>(
  path: string,
  schema: S,
  what: string,
): Promise<z.infer<S> | undefined> {
  try {
    return await readJsonFile(path, schema, what);
  } catch (error) {
    if (error instanceof InputError && error.cause instanceof Deno.errors.NotFound) {
      return undefined;
    }
    throw error;
  }
}

/**
 * The one pretty form of JSON files: two-space indent and a final newline.
 *
 * @example
 * ```ts
 * prettyJson({ a: 1 }); // '{\n  "a": 1\n}\n'
 * ```
 */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/**
 * Writes `value` as pretty JSON ({@linkcode prettyJson}) atomically, creating the folder.
 *
 * @example
 * ```ts
 * await writeJsonFile("out/stats.json", { sessions: 4 });
 * ```
 */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await writeTextAtomically(path, prettyJson(value));
}
