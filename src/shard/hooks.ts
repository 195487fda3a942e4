/** @module The sweep hooks of one shard, and how two sets of hooks (shard + resume) combine. */
import type { SweepHooks } from "../client/sweep_hooks.ts";
import type { StartBarrier } from "./barrier.ts";
import { shardOf } from "./hash.ts";
import { type ShardId, shardLabel } from "./identity.ts";
import { arrivalSeed, levelShare } from "./share.ts";

/**
 * Hooks that make a sweep run as one shard: its sessions (`shardOf(session_id) === index`), its
 * share of each load level, its own arrival seed, its name on every record and in the summary,
 * and each run started through the barrier (only shard 0 resets the cache).
 *
 * @example
 * ```ts
 * const hooks = shardHooks({ index: 1, count: 4 }, barrier);
 * ```
 */
export function shardHooks(shard: ShardId, barrier: StartBarrier): SweepHooks {
  const label = shardLabel(shard);
  return {
    sessions: (sample) =>
      sample.filter((p) => shardOf(p.session.session_id, shard.count) === shard.index),
    load: (level) => levelShare(level, shard),
    arrivalSeed: (seed) => arrivalSeed(seed, shard),
    record: (r) => ({ ...r, shard: label }),
    start(summary) {
      summary.shards = {
        count: shard.count,
        index: shard.index,
        present: [shard.index],
        missing: [],
        incomplete: [],
        skew_ms: null,
        not_overlapping: [],
      };
      return Promise.resolve();
    },
    async beforeRun(run, reset) {
      await barrier.wait(run, reset);
    },
  };
}

/**
 * Combines two sets of hooks: `start` runs both in order (`a` first); for every other hook `b`'s
 * wins where both have one.
 */
export function combineHooks(a: SweepHooks, b: SweepHooks): SweepHooks {
  const both: SweepHooks = { ...a, ...b };
  if (a.start && b.start) {
    both.start = async (summary) => {
      await a.start!(summary);
      await b.start!(summary);
    };
  }
  return both;
}
