/**
 * @module Optional hooks into a sweep's loop, for the ways a sweep is split and resumed
 * (implemented in src/shard): the loop itself stays one paragraph long.
 */
import type { RequestRecord } from "../results/record.ts";
import type { RunSummary, SweepSummary } from "../results/summary.ts";
import type { PreparedSession } from "./conversation.ts";
import type { LoadLevel } from "./options.ts";

/** Every hook is optional; without hooks a sweep is the plain single-process sweep. */
export interface SweepHooks {
  /** This process's part of the sample (a shard's sessions), in sample order. */
  sessions?(sample: PreparedSession[]): PreparedSession[];
  /** The load this process applies for a level (a shard's share); records still name the level. */
  load?(level: LoadLevel): LoadLevel;
  /** The seed of this process's Poisson arrivals, from the sweep's seed. */
  arrivalSeed?(seed: number): number;
  /** Each record, before it is counted and written (a shard adds its name). */
  record?(record: RequestRecord): RequestRecord;
  /**
   * Called with the new summary before anything is written: a resume checks the configuration
   * and keeps the earlier runs; throws to refuse.
   */
  start?(summary: SweepSummary): Promise<void>;
  /** Append to `records.jsonl` instead of replacing it (a resume kept some of it). */
  readonly append?: boolean;
  /**
   * A run measured by an earlier attempt, kept as it is (not measured again), or undefined;
   * `trial` is the repeated sweep's trial (0 without `repeat`).
   */
  kept?(round: number, level: LoadLevel, trial?: number): RunSummary | undefined;
  /**
   * Waits until the run may start (the shards' shared start). `reset` is the run's cache reset,
   * when it has one: the hook calls it at the right moment, or not at all (only one shard does).
   */
  beforeRun?(label: string, reset: (() => Promise<void>) | null): Promise<void>;
}
