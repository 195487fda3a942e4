/**
 * @module How `deno task shard` turns a pipeline's stage into one shard: `--set` overrides of the
 * stage's `shard:` block (each key apart, so settings the file gives, such as `sync_timeout_s`,
 * stay), values written as JSON (valid YAML) so paths and ids keep their type.
 */
import type { ShardId } from "./identity.ts";

/** What the shard's `--set` flags say. */
export interface StageShard {
  stage: string;
  shard: ShardId;
  /** The shared output folder. */
  dir: string;
  syncId: string;
  resume: boolean;
}

/**
 * The `--set` flags that make `stage` run as `shard` into `dir`.
 *
 * @example
 * ```ts
 * shardSets({ stage: "sweep", shard: { index: 1, count: 4 }, dir: "/r", syncId: "j7", resume: false });
 * // ["sweep.shard.index=1", "sweep.shard.count=4", 'sweep.shard.dir="/r"', …]
 * ```
 */
export function shardSets(s: StageShard): string[] {
  const set = (key: string, value: unknown) => `${s.stage}.shard.${key}=${JSON.stringify(value)}`;
  return [
    set("index", s.shard.index),
    set("count", s.shard.count),
    set("dir", s.dir),
    set("sync_id", s.syncId),
    set("resume", s.resume),
  ];
}

/**
 * This attempt's sync id from the environment: `TURNBENCH_SYNC_ID`, else Slurm's
 * `SLURM_ARRAY_JOB_ID` (shared by the array's tasks), else `"default"`.
 */
export function syncIdFromEnv(env: Record<string, string | undefined>): string {
  return env.TURNBENCH_SYNC_ID ||
    (env.SLURM_ARRAY_JOB_ID ? `slurm-${env.SLURM_ARRAY_JOB_ID}` : "") ||
    "default";
}

/** Quotes a word for a POSIX shell (single quotes; a quote inside becomes `'\''`). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
