/** @module What the dataset stages share: progress through the runner, stats.json, summary log. */
import { join } from "node:path";
import type { TaskContext } from "../pipeline/task.ts";
import { writeTextAtomically } from "../util/atomic_write.ts";
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
 * Writes `stats.json` into the stage's folder and logs the summary lines, naming files inside the
 * stage's folder by their own name (the staging path means nothing to a reader).
 *
 * @param ctx the stage context
 * @param stats the converter's counts
 * @param lines the human-readable summary
 */
export async function writeStats(ctx: TaskContext, stats: unknown, lines: string[]): Promise<void> {
  await writeTextAtomically(join(ctx.outDir, "stats.json"), JSON.stringify(stats, null, 2) + "\n");
  const staging = join(ctx.outDir, "/");
  for (const line of lines) ctx.log(line.replaceAll(staging, ""));
}
