/**
 * @module Which shard a session belongs to: FNV-1a (32-bit) of its id's UTF-8 bytes, mod the
 * shard count. Pure arithmetic on bytes, so every run, machine and runtime agrees; a conversation
 * never straddles two shards.
 */

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;
const encoder = new TextEncoder();

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text` (the reference test vectors hold:
 * `fnv1a32("") === 0x811c9dc5`, `fnv1a32("a") === 0xe40c292c`).
 *
 * @returns an unsigned 32-bit integer
 * @example
 * ```ts
 * fnv1a32("foobar"); // 0xbf9cf968
 * ```
 */
export function fnv1a32(text: string): number {
  let hash = OFFSET_BASIS;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, PRIME);
  }
  return hash >>> 0;
}

/**
 * The shard of a session: `fnv1a32(session_id) mod count`.
 *
 * @param count number of shards, at least 1
 * @returns an index in `0 … count-1`
 * @throws {RangeError} when `count` is not a positive integer
 * @example
 * ```ts
 * shardOf("sharegpt-42", 4); // always the same index in 0…3
 * ```
 */
export function shardOf(sessionId: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`Cannot shard over "${count}" shards: not a positive integer`);
  }
  return fnv1a32(sessionId) % count;
}
