/**
 * @module What the merge checks across shards: that they ran one configuration, and that each
 * run's shards overlapped in time (with the clock skew visible in their start times).
 */
import { runLabel } from "../client/options.ts";
import type { RunSummary, ShardGap, SweepSummary } from "../results/summary.ts";
import { UserError } from "../util/errors.ts";
import { configDifference, shown } from "./config_match.ts";
import { type ShardId, shardLabel } from "./identity.ts";

/** A shard whose summary was read. */
export interface PresentShard {
  id: ShardId;
  summary: SweepSummary;
}

/**
 * Throws unless every shard ran the first one's configuration and dataset digest.
 *
 * @throws {UserError} naming the two shards and the field that differs
 */
export function checkSameConfig(shards: readonly PresentShard[]): void {
  const [first, ...rest] = shards;
  for (const s of rest) {
    const diff = configDifference(first.summary.config, s.summary.config);
    if (diff) {
      throw new UserError(
        `Cannot merge shards: "${shardLabel(s.id)}" ran a different configuration from "${
          shardLabel(first.id)
        }": "${diff.field}" is ${shown(diff.b)}, not ${shown(diff.a)}`,
      );
    }
  }
}

/** Endpoints the shards used, when they were not all the same (a note, not an error). */
export function endpointNote(shards: readonly PresentShard[]): string | null {
  const endpoints = new Set(shards.map((s) => s.summary.config.endpoint));
  return endpoints.size > 1
    ? `shards used different endpoints: ${[...endpoints].map((e) => `"${e}"`).join(", ")}`
    : null;
}

/** The windows of one run across shards. */
export interface RunWindows {
  run: Pick<RunSummary, "round" | "concurrency" | "request_rate">;
  /** Shard index → its summary of the run. */
  byShard: Map<number, RunSummary>;
}

/**
 * The largest spread of one run's start times across its shards, ms (null with under two
 * shards in every run), and every shard whose window met not one of the others'.
 *
 * @example
 * ```ts
 * const { skewMs, gaps } = timing(windows);
 * ```
 */
export function timing(runs: readonly RunWindows[]): { skewMs: number | null; gaps: ShardGap[] } {
  let skewMs: number | null = null;
  const gaps: ShardGap[] = [];
  for (const { run, byShard } of runs) {
    if (byShard.size < 2) continue;
    const starts = [...byShard.values()].map((r) => r.started_at);
    skewMs = Math.max(skewMs ?? 0, Math.max(...starts) - Math.min(...starts));
    for (const [i, a] of byShard) {
      const missed = [...byShard].filter(([j, b]) =>
        j !== i && (a.ended_at < b.started_at || b.ended_at < a.started_at)
      ).map(([j]) => j);
      if (missed.length > 0) {
        const level = run.request_rate === null
          ? { concurrency: run.concurrency ?? 1, rate: null }
          : { concurrency: null, rate: run.request_rate };
        gaps.push({ run: runLabel(run.round, level), shard: i, missed });
      }
    }
  }
  return { skewMs, gaps };
}
