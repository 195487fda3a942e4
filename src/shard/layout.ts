/**
 * @module Where a sharded sweep's files go inside its shared output folder `<out>`:
 * `<out>/shards/<index>-of-<count>/` holds each shard's `records.jsonl` and `summary.json`;
 * `<out>/shards/sync/<sync-id>/<run>/ready-<index>.json` are the start barrier's files; the merge
 * writes `<out>/records.jsonl` and `<out>/summary.json` beside `shards/`.
 */
import { join } from "node:path";
import { type ShardId, shardLabel } from "./identity.ts";

/** The folder of every shard's results inside the shared output folder. */
export const SHARDS_DIR = "shards";
/** The barrier's folder inside `shards/`. */
export const SYNC_DIR = "sync";

/**
 * The results folder of one shard.
 *
 * @example
 * ```ts
 * shardFolder("out", { index: 1, count: 4 }); // "out/shards/1-of-4"
 * ```
 */
export function shardFolder(out: string, shard: ShardId): string {
  return join(out, SHARDS_DIR, shardLabel(shard));
}

/** The barrier folder of one attempt of a sharded sweep (`syncId` names the attempt). */
export function syncFolder(out: string, syncId: string): string {
  return join(out, SHARDS_DIR, SYNC_DIR, syncId.replace(/[^A-Za-z0-9._-]/g, "_"));
}
