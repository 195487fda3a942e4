/** @module Run one shard of a sweep into the shared output folder, optionally resuming it. */
import type { SweepOptions } from "../client/options.ts";
import type { SweepProgress } from "../client/progress.ts";
import { runSweep } from "../client/sweep.ts";
import type { SweepHooks } from "../client/sweep_hooks.ts";
import type { SweepSummary } from "../results/summary.ts";
import { StartBarrier } from "./barrier.ts";
import { combineHooks, shardHooks } from "./hooks.ts";
import type { ShardId } from "./identity.ts";
import { shardFolder, syncFolder } from "./layout.ts";
import { resumeHooks } from "./resume.ts";

/** Where and how one shard runs. */
export interface ShardRun {
  shard: ShardId;
  /** The shared output folder: results go to `<dir>/shards/<index>-of-<count>/`. */
  dir: string;
  /** Names this attempt's barrier folder (same for every shard of the attempt). */
  syncId: string;
  /** The first run's start, epoch ms (else the barrier). */
  startAt?: number;
  syncTimeoutMs: number;
  marginMs: number;
  /** Keep this shard's finished runs from an earlier attempt. */
  resume: boolean;
  signal?: AbortSignal;
  progress: SweepProgress;
}

/**
 * Runs shard `index` of `count` of a sweep: the sessions whose id hashes to it, its share of the
 * load, each run started with the other shards through the barrier in the shared folder.
 *
 * @returns the shard's summary (also in `<dir>/shards/<index>-of-<count>/summary.json`)
 * @throws {UserError} as `runSweep`; on a resume whose configuration differs
 * @example
 * ```ts
 * await runShardSweep(options, { shard: { index: 0, count: 2 }, dir: "out", syncId: "a", … });
 * ```
 */
export function runShardSweep(o: SweepOptions, s: ShardRun): Promise<SweepSummary> {
  const outDir = shardFolder(s.dir, s.shard);
  const barrier = new StartBarrier({
    dir: syncFolder(s.dir, s.syncId),
    shard: s.shard,
    timeoutMs: s.syncTimeoutMs,
    marginMs: s.marginMs,
    startAt: s.startAt,
    signal: s.signal,
    log: (m) => s.progress.log(m),
  });
  let hooks: SweepHooks = shardHooks(s.shard, barrier);
  if (s.resume) hooks = combineHooks(hooks, resumeHooks(outDir, resumeLog(s.progress)));
  return runSweep(o, { outDir, signal: s.signal, progress: s.progress, hooks });
}

/** Logs what a resume kept. */
export function resumeLog(progress: SweepProgress) {
  return (n: { kept: number; droppedRecords: number }) =>
    progress.log(
      `resume: ${n.kept} finished runs kept, ${n.droppedRecords} records of unfinished runs dropped`,
    );
}
