/** @module Named random streams: one seeded generator per purpose, so draws do not interfere. */
import { seededRandom } from "../io/random.ts";

/**
 * A random stream for one purpose: FNV-1a of the key words seeds mulberry32, so the same key
 * always gives the same sequence and different keys give unrelated ones.
 *
 * @example
 * ```ts
 * const lengths = streamFor(seed, sessionIndex, "user_tokens");
 * ```
 */
export function streamFor(...key: (string | number)[]): () => number {
  let h = 0x811c9dc5;
  for (const ch of key.join("/")) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return seededRandom(h | 0);
}
