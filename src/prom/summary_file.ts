/** @module Read a sweep's `summary.json`, with file and field errors as InputError. */
import { join } from "node:path";
import type { z } from "zod";
import { SweepSummary } from "../results/summary.ts";
import { SUMMARY_FILE } from "../results/layout.ts";
import { InputError } from "../util/errors.ts";

/**
 * Reads and validates the `summary.json` of a sweep results folder (the file is small: one
 * entry per run).
 *
 * @param sweepDir the sweep's results folder (`${{ sweep.dir }}`)
 * @throws {InputError} `<dir>/summary.json: file not found`, `…:3:7: not valid JSON: …`,
 *   `…: runs.0.round: …`
 * @example
 * ```ts
 * const summary = await readSweepSummary("runs/mixed/sweep");
 * ```
 */
export async function readSweepSummary(sweepDir: string): Promise<SweepSummary> {
  const path = join(sweepDir, SUMMARY_FILE);
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
  const parsed = SweepSummary.safeParse(json);
  if (!parsed.success) throw new InputError(path, undefined, describe(parsed.error));
  return parsed.data;
}

/** `runs.0.round: Invalid input: expected number, received string` for the first issue. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  const at = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `not a sweep summary: ${at}${issue.message}`;
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
