/** @module A simulated prefix (KV) cache with chained block hashes, as vLLM's prefix caching. */

/** Mixes one 32-bit value into a 32-bit hash lane (murmur3's body step). */
function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's finalizer. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Hashes every full block of `tokens`, each chained to its parent:
 * `hash[i] = H(hash[i-1], tokens[i·B … (i+1)·B))`, so equal hashes mean equal whole prefixes.
 * Hashes are 53-bit integers (two 32-bit murmur3 lanes).
 *
 * @example
 * ```ts
 * blockHashes([1, 2, 3, 4, 5], 2).length; // 2 (the partial last block is not hashed)
 * ```
 */
export function blockHashes(tokens: readonly number[], blockSize: number): number[] {
  const out: number[] = [];
  let parent = 0;
  for (let start = 0; start + blockSize <= tokens.length; start += blockSize) {
    let a = mix(0x9747b28c, parent >>> 0);
    let b = mix(0x5bd1e995, Math.floor(parent / 2 ** 32));
    for (let i = start; i < start + blockSize; i++) {
      a = mix(a, tokens[i]);
      b = mix(b, tokens[i] ^ 0x2545f491);
    }
    parent = fmix(a ^ blockSize) * 2 ** 21 + (fmix(b) >>> 11);
    out.push(parent);
  }
  return out;
}

/** What one lookup found. */
export interface CacheLookup {
  /** Prompt tokens queried (the whole prompt, as vLLM counts queries). */
  queried: number;
  /** Prompt tokens served from cached blocks. */
  cached: number;
}

/**
 * Cached full blocks keyed by chained hash, least recently used evicted first. Memory is bounded
 * by `capacityTokens / blockSize` entries.
 */
export class PrefixCache {
  #blocks = new Set<number>();
  readonly capacityBlocks: number;

  constructor(readonly blockSize: number, capacityTokens: number) {
    this.capacityBlocks = Math.floor(capacityTokens / blockSize);
  }

  /**
   * Looks a prompt up and then stores its full blocks. The hit is the leading run of cached
   * blocks, leaving at least one token to compute (as vLLM does for a fully cached prompt).
   */
  lookupAndInsert(tokens: readonly number[]): CacheLookup {
    return this.lookupAndInsertHashes(blockHashes(tokens, this.blockSize), tokens.length);
  }

  /** `lookupAndInsert` for a prompt of `count` tokens whose block hashes are known. */
  lookupAndInsertHashes(hashes: ArrayLike<number>, count: number): CacheLookup {
    const maxHit = Math.floor(Math.max(0, count - 1) / this.blockSize);
    let hit = 0;
    while (hit < maxHit && this.#blocks.has(hashes[hit])) hit++;
    // Touch tail first so a chain's head is the most recent and is evicted last (vLLM frees a
    // request's blocks in reverse order).
    for (let i = hashes.length - 1; i >= 0; i--) {
      this.#blocks.delete(hashes[i]);
      this.#blocks.add(hashes[i]);
    }
    for (const key of this.#blocks) {
      if (this.#blocks.size <= this.capacityBlocks) break;
      this.#blocks.delete(key);
    }
    return { queried: count, cached: hit * this.blockSize };
  }

  /** Number of blocks held. */
  get size(): number {
    return this.#blocks.size;
  }

  /** Empties the cache (`POST /reset`). */
  reset(): void {
    this.#blocks.clear();
  }
}
