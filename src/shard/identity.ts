/**
 * @module Which shard this process is: from flags (`--shard-index/--shard-count`, a stage's
 * `shard:` block) or from the engine's environment (a Kubernetes Indexed Job's
 * `JOB_COMPLETION_INDEX` with `TURNBENCH_SHARD_COUNT`, a Slurm array's `SLURM_ARRAY_TASK_ID` and
 * `SLURM_ARRAY_TASK_COUNT`). Flags win over the environment.
 */
import { UserError } from "../util/errors.ts";

/** One shard of a sweep: `index` in `0 … count-1`. */
export interface ShardId {
  index: number;
  count: number;
}

/**
 * The shard's name in folders and records: `"<index>-of-<count>"`.
 *
 * @example
 * ```ts
 * shardLabel({ index: 2, count: 4 }); // "2-of-4"
 * ```
 */
export function shardLabel(id: ShardId): string {
  return `${id.index}-of-${id.count}`;
}

/**
 * Reads a shard's name back; null when `text` is not `"<index>-of-<count>"` with index < count.
 *
 * @example
 * ```ts
 * parseShardLabel("2-of-4"); // { index: 2, count: 4 }
 * ```
 */
export function parseShardLabel(text: string): ShardId | null {
  const m = /^(\d+)-of-(\d+)$/.exec(text);
  if (!m) return null;
  const id = { index: Number(m[1]), count: Number(m[2]) };
  return id.count >= 1 && id.index < id.count ? id : null;
}

/** Shard flags as given (either may be missing). */
export interface ShardFlags {
  index?: number;
  count?: number;
}

const intOf = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined || text.trim() === "") return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new UserError(`Cannot use "${name}" "${text}": not a whole number`, { exitCode: 2 });
  }
  return n;
};

/**
 * Works out this process's shard: flags first, then `JOB_COMPLETION_INDEX` (count from the
 * `count` flag or `TURNBENCH_SHARD_COUNT`), then `SLURM_ARRAY_TASK_ID` (count from
 * `SLURM_ARRAY_TASK_COUNT`, index relative to `SLURM_ARRAY_TASK_MIN`). Null when nothing says.
 *
 * @param env the environment (default: the process's)
 * @throws {UserError} (exit 2) on an index without a count, an index past the count, or a number
 *   that is not whole
 * @example
 * ```ts
 * resolveShard({}, { JOB_COMPLETION_INDEX: "1", TURNBENCH_SHARD_COUNT: "4" }); // { index: 1, count: 4 }
 * ```
 */
export function resolveShard(
  flags: ShardFlags = {},
  env: Record<string, string | undefined> = Deno.env.toObject(),
): ShardId | null {
  let index = flags.index;
  let count = flags.count;
  let from = "--shard-index";
  if (index === undefined && env.JOB_COMPLETION_INDEX !== undefined) {
    index = intOf("JOB_COMPLETION_INDEX", env.JOB_COMPLETION_INDEX);
    count ??= intOf("TURNBENCH_SHARD_COUNT", env.TURNBENCH_SHARD_COUNT);
    from = "JOB_COMPLETION_INDEX";
  } else if (index === undefined && env.SLURM_ARRAY_TASK_ID !== undefined) {
    const min = intOf("SLURM_ARRAY_TASK_MIN", env.SLURM_ARRAY_TASK_MIN) ?? 0;
    const id = intOf("SLURM_ARRAY_TASK_ID", env.SLURM_ARRAY_TASK_ID);
    index = id === undefined ? undefined : id - min;
    count ??= intOf("SLURM_ARRAY_TASK_COUNT", env.SLURM_ARRAY_TASK_COUNT) ??
      intOf("TURNBENCH_SHARD_COUNT", env.TURNBENCH_SHARD_COUNT);
    from = "SLURM_ARRAY_TASK_ID";
  } else if (index === undefined && count === undefined) {
    count = intOf("TURNBENCH_SHARD_COUNT", env.TURNBENCH_SHARD_COUNT);
    if (count !== undefined) from = "TURNBENCH_SHARD_COUNT";
  }
  if (index === undefined && count === undefined) return null;
  if (index === undefined || count === undefined) {
    throw new UserError(
      `Cannot tell which shard this is: "${from}" gives ${
        index === undefined ? "a count but no index" : "an index but no count"
      } (set --shard-index and --shard-count, or TURNBENCH_SHARD_COUNT)`,
      { exitCode: 2 },
    );
  }
  if (count < 1 || index >= count) {
    throw new UserError(
      `Cannot be shard "${index}" of "${count}": the index must be below the count`,
      { exitCode: 2 },
    );
  }
  return { index, count };
}
