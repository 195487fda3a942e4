/**
 * @module Wait until every shard of a sweep has finished (its summary says complete), for a merge
 * started beside the shards (a Kubernetes merge Job applied with the Indexed Job).
 */
import { readSweepSummary } from "../results/summary.ts";
import { sleep } from "../io/sleep.ts";
import { shardFolder } from "./layout.ts";

/** How to wait. */
export interface WaitOptions {
  count: number;
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  now?: () => number;
  log?: (message: string) => void;
}

/**
 * Polls `<dir>/shards/<i>-of-<count>/summary.json` until every one is complete, the timeout
 * passes or the signal aborts.
 *
 * @returns the indexes still unfinished (empty when all finished)
 * @example
 * ```ts
 * const unfinished = await waitForShards("/results/run", { count: 4, timeoutMs: 3_600_000 });
 * ```
 */
export async function waitForShards(dir: string, o: WaitOptions): Promise<number[]> {
  const now = o.now ?? Date.now;
  const deadline = now() + o.timeoutMs;
  let reported = -1;
  while (true) {
    const unfinished: number[] = [];
    for (let index = 0; index < o.count; index++) {
      const s = await readSweepSummary(shardFolder(dir, { index, count: o.count })).catch(() =>
        null
      );
      if (!s?.complete) unfinished.push(index);
    }
    if (unfinished.length === 0 || now() >= deadline || o.signal?.aborted) return unfinished;
    if (unfinished.length !== reported) {
      o.log?.(`waiting for shards ${unfinished.join(", ")} of ${o.count}`);
      reported = unfinished.length;
    }
    await sleep(Math.min(o.pollMs ?? 2000, deadline - now()), o.signal);
  }
}
