/** @module The `shard:` and `workers:` settings of a sweep stage, on top of the sweep's options. */
import { z } from "zod";
import { SweepOptions } from "../client/options.ts";

/**
 * Run only one shard of the sweep (see the README's "Sharded sweeps"). The index and count may
 * also come from the engine's environment when the stage runs through `deno task shard`.
 */
export const ShardSettings = z.object({
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  /**
   * The shared output folder every shard writes under (`<dir>/shards/<index>-of-<count>/`);
   * default: the stage's own folder (only useful with one machine).
   */
  dir: z.string().min(1).optional(),
  /** Names this attempt's start barrier, shared by its shards (a Slurm job id, a Job's uid). */
  sync_id: z.string().min(1).default("default"),
  /** The first run starts at this wall-clock time (epoch ms or ISO text) instead of the barrier. */
  start_at: z.union([z.number(), z.string().min(1)]).optional(),
  /** How long a shard waits at a run's barrier for the others before it starts anyway, s. */
  sync_timeout_s: z.number().positive().default(600),
  /** Start = the last shard's ready time + this margin, ms (covers polling and clock skew). */
  margin_ms: z.number().min(0).default(500),
  /** Keep this shard's finished runs from an earlier attempt and redo only the rest. */
  resume: z.boolean().default(false),
}).strict().refine((s) => s.index < s.count, {
  path: ["index"],
  message: "must be below count",
});

/** One shard's settings. */
export type ShardSettings = z.infer<typeof ShardSettings>;

/** The `with:` block of a sweep stage: the sweep's options plus `shard` and `workers`. */
export const SweepStageOptions = SweepOptions.safeExtend({
  /** Run as one shard of a sweep spread over machines. */
  shard: ShardSettings.optional(),
  /** Shard processes on this machine (each runs 1/N of the sessions and load); merged at the end. */
  workers: z.number().int().min(1).default(1),
});

/** The validated `with:` block of a sweep stage. */
export type SweepStageOptions = z.infer<typeof SweepStageOptions>;

/**
 * A wall-clock time given as epoch ms or ISO text, as epoch ms.
 *
 * @throws {RangeError} when the text is not a date
 */
export function epochMs(t: number | string): number {
  const ms = typeof t === "number" ? t : /^\d+$/.test(t) ? Number(t) : Date.parse(t);
  if (!Number.isFinite(ms)) throw new RangeError(`Cannot read time "${t}": not a date`);
  return ms;
}
