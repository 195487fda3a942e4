/** @module Read a sweep's `summary.json`, with file and field errors as InputError. */
import { join } from "node:path";
import { SweepSummary } from "../results/summary.ts";
import { SUMMARY_FILE } from "../results/layout.ts";
import { readJsonFile } from "../io/json_file.ts";

/**
 * Reads and validates the `summary.json` of a sweep results folder (the file is small: one
 * entry per run).
 *
 * @param sweepDir the sweep's results folder (`${{ sweep.dir }}`)
 * @throws {InputError} `<dir>/summary.json: file not found`, `…:3:7: not valid JSON: …`,
 *   `…: not a sweep summary: runs.0.round: …`
 * @example
 * ```ts
 * const summary = await readSweepSummary("runs/mixed/sweep");
 * ```
 */
export function readSweepSummary(sweepDir: string): Promise<SweepSummary> {
  return readJsonFile(join(sweepDir, SUMMARY_FILE), SweepSummary, "sweep summary");
}
