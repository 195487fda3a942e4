/** @module What the dataset stages share: progress through the runner, stats.json, summary log. */
import { join, relative } from "node:path";
import type { TaskContext } from "../pipeline/task.ts";
import { writeJsonFile } from "../io/json_file.ts";
import type { ReadProgress } from "./progress.ts";

/**
 * Adapts a converter's byte progress to the runner's progress reporter.
 *
 * @param ctx the stage context
 * @returns a callback for a converter's `onProgress`
 */
export function stageProgress(ctx: TaskContext): (p: ReadProgress) => void {
  let total = -1;
  let done = 0;
  return (p) => {
    if (p.totalBytes !== total) {
      total = p.totalBytes;
      ctx.progress.total(total, "B");
    }
    ctx.progress.advance(p.bytesRead - done, `${p.sessions} sessions`);
    done = p.bytesRead;
  };
}

/**
 * Writes `stats.json` into the stage's folder and logs the summary lines. The output file is named
 * relative to the stage's folder, in both: the job runs in a staging folder that is moved into the
 * cache afterwards, so its absolute path would name a folder that no longer exists.
 *
 * @param ctx the stage context
 * @param stats the converter's counts, with the absolute `output` it wrote
 * @param describe the human-readable summary of the counts
 */
export async function writeStats<S extends { output: string }>(
  ctx: TaskContext,
  stats: S,
  describe: (stats: S) => string[],
): Promise<void> {
  const shown = { ...stats, output: relative(ctx.outDir, stats.output) };
  await writeJsonFile(join(ctx.outDir, "stats.json"), shown);
  for (const line of describe(shown)) ctx.log(line);
}
