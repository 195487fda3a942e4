/** @module Read a small JSON file (a summary, a scraped-metrics file) and validate it with zod. */
import type { z } from "zod";
import { InputError } from "./errors.ts";
import { firstIssue } from "./zod_issue.ts";

/**
 * Reads a small JSON file and validates it, naming the file, the line and column of a syntax
 * error, or the first bad field.
 *
 * @param path the file
 * @param schema what the file must hold
 * @param what what the file should be, for the message (e.g. "sweep summary")
 * @throws {InputError} `<path>: file not found`, `<path>:3:7: not valid JSON: …`,
 *   `<path>: not a sweep summary: runs.0.round: …`
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
