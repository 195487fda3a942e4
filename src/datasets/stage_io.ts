/** @module What the dataset stages share: stats.json in the output folder and the summary log. */
import { join, relative } from "node:path";
import { writeJsonFile } from "../io/json_file.ts";
import type { Log } from "../util/progress.ts";

/** Where a dataset stage's stats go: its output folder and its log (a stage context is one). */
export interface StatsOutput {
  /** The folder the stage writes into. */
  outDir: string;
  log: Log;
}

/**
 * Writes `stats.json` into the output folder and logs the summary lines. The output file is named
 * relative to the folder, in both: a pipeline job runs in a staging folder that is moved into the
 * cache afterwards, so its absolute path would name a folder that no longer exists.
 *
 * @param out the output folder and log (a stage's context)
 * @param stats the converter's counts, with the absolute `output` it wrote
 * @param describe the human-readable summary of the counts
 * @example
 * ```ts
 * await writeStats(ctx, stats, describeMerge);
 * ```
 */
export async function writeStats<S extends { output: string }>(
  out: StatsOutput,
  stats: S,
  describe: (stats: S) => string[],
): Promise<void> {
  const shown = { ...stats, output: relative(out.outDir, stats.output) };
  await writeJsonFile(join(out.outDir, "stats.json"), shown);
  for (const line of describe(shown)) out.log(line);
}
