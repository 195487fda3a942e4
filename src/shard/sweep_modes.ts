/**
 * @module The ways one sweep command or stage can run: plain (optionally resumed), as one shard
 * of a sweep spread over machines, or as N local worker processes merged at the end.
 */
import { join, relative, resolve } from "node:path";
import { loadLevels, type SweepOptions } from "../client/options.ts";
import type { SweepProgress } from "../client/progress.ts";
import { runSweep } from "../client/sweep.ts";
import { RECORDS_FILE, SUMMARY_FILE } from "../results/layout.ts";
import type { SweepSummary } from "../results/summary.ts";
import { UserError } from "../util/errors.ts";
import { shardFolder } from "./layout.ts";
import { epochMs, type ShardSettings } from "./options.ts";
import { resumeHooks } from "./resume.ts";
import { resumeLog, runShardSweep } from "./run_shard.ts";
import { runLocalWorkers } from "./workers.ts";
import { levelShare } from "./share.ts";

/** How to run: at most one of `workers > 1` and `shard`. */
export interface SweepMode {
  workers?: number;
  shard?: ShardSettings;
  /** Keep the finished runs of an earlier attempt in the output folder. */
  resume?: boolean;
}

/** Where a sweep writes and how it reports. */
export interface SweepModeIo {
  outDir: string;
  requestsDir?: string;
  debugDir?: string;
  signal?: AbortSignal;
  progress: SweepProgress;
}

/** What ran: the summary to judge, the merge's notes, and where the files are (inside `outDir`). */
export interface SweepModeResult {
  summary: SweepSummary;
  notes: string[];
  files: { records: string; summary: string };
}

/**
 * Runs the sweep the way `mode` says.
 * - `workers: N` (N > 1): N shard processes into `<outDir>/shards/`, merged into `outDir`.
 * - `shard`: this process is one shard; its files go to `<dir>/shards/<i>-of-<n>/` (`dir`
 *   defaults to `outDir`) and, when that is another folder, are copied into `outDir`.
 * - otherwise the plain sweep into `outDir`.
 *
 * @throws {UserError} (exit 2) for `workers` together with `shard`
 * @example
 * ```ts
 * const { summary } = await runSweepMode(options, { workers: 2 }, { outDir, progress });
 * ```
 */
export async function runSweepMode(
  o: SweepOptions,
  mode: SweepMode,
  io: SweepModeIo,
): Promise<SweepModeResult> {
  const workers = mode.workers ?? 1;
  const top = { records: RECORDS_FILE, summary: SUMMARY_FILE };
  if (workers > 1 && mode.shard) {
    throw new UserError(`Cannot use "workers" and "shard" together: a shard runs in one process`, {
      exitCode: 2,
    });
  }
  // Every level must split over the shards before anything starts (one line, exit 2).
  const count = workers > 1 ? workers : mode.shard?.count ?? 1;
  for (const level of loadLevels(o)) levelShare(level, { index: 0, count });
  if (workers > 1) {
    const { summary, notes } = await runLocalWorkers(o, {
      workers,
      dir: io.outDir,
      resume: mode.resume ?? false,
      signal: io.signal,
      progress: io.progress,
    });
    return { summary, notes, files: top };
  }
  if (mode.shard) {
    const s = mode.shard;
    const dir = s.dir ?? io.outDir;
    const shard = { index: s.index, count: s.count };
    const summary = await runShardSweep(o, {
      shard,
      dir,
      syncId: s.sync_id,
      startAt: s.start_at === undefined ? undefined : epochMs(s.start_at),
      syncTimeoutMs: s.sync_timeout_s * 1000,
      marginMs: s.margin_ms,
      resume: s.resume || (mode.resume ?? false),
      signal: io.signal,
      progress: io.progress,
    });
    const folder = shardFolder(dir, shard);
    const inside = relative(resolve(io.outDir), resolve(folder));
    if (!inside.startsWith("..")) {
      return {
        summary,
        notes: [],
        files: { records: join(inside, RECORDS_FILE), summary: join(inside, SUMMARY_FILE) },
      };
    }
    await Deno.mkdir(io.outDir, { recursive: true });
    await Deno.copyFile(join(folder, RECORDS_FILE), join(io.outDir, RECORDS_FILE));
    await Deno.copyFile(join(folder, SUMMARY_FILE), join(io.outDir, SUMMARY_FILE));
    return { summary, notes: [], files: top };
  }
  const summary = await runSweep(o, {
    ...io,
    hooks: mode.resume ? resumeHooks(io.outDir, resumeLog(io.progress)) : undefined,
  });
  return { summary, notes: [], files: top };
}
