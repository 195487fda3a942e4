/**
 * @module Chained block hashes, as prefix-caching engines key their KV blocks: block i's hash
 * covers its tokens and block i−1's hash, so equal hashes mean equal whole prefixes.
 */

/** Mixes one 32-bit value into a 32-bit lane (murmur3's body step). */
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
 * Hashes every full block of `tokens`: `hash[i] = H(hash[i-1], tokens[i·B … (i+1)·B))`, as
 * 53-bit integers (two independent 32-bit lanes; a false match needs both to collide). The
 * partial last block is not hashed, as engines only reuse whole blocks.
 *
 * @param tokens token ids
 * @param blockSize tokens per block, ≥ 1
 * @param out where to write (reused across calls to spare allocations); its length is set
 * @param from blocks already hashed, taken from `known` (a prompt with the same first `from`
 *   blocks): hashing resumes after them, as the chain carries everything before in its last hash
 * @param known the hashes of those first blocks
 * @returns `out`, holding ⌊tokens.length / blockSize⌋ hashes
 * @example
 * ```ts
 * chainedBlockHashes([1, 2, 3, 4, 5], 2).length; // 2
 * ```
 */
export function chainedBlockHashes(
  tokens: ArrayLike<number>,
  blockSize: number,
  out: number[] = [],
  from = 0,
  known?: ArrayLike<number>,
): number[] {
  const blocks = Math.floor(tokens.length / blockSize);
  out.length = blocks;
  let hi = 0;
  let lo = 0;
  const start0 = known ? Math.min(from, blocks, known.length) : 0;
  if (start0 > 0) {
    if (out !== known) { for (let b = 0; b < start0; b++) out[b] = known![b]; }
    const h = known![start0 - 1];
    lo = h % 2 ** 32;
    hi = Math.floor(h / 2 ** 32);
  }
  for (let b = start0, start = start0 * blockSize; b < blocks; b++, start += blockSize) {
    let a = mix(mix(0x9747b28c, lo), hi);
    let c = mix(mix(0x5bd1e995, hi), lo);
    for (let i = start; i < start + blockSize; i++) {
      const t = tokens[i];
      a = mix(a, t);
      c = mix(c, t ^ 0x2545f491);
    }
    lo = fmix(a ^ blockSize);
    hi = fmix(c) >>> 11;
    out[b] = hi * 2 ** 32 + lo;
  }
  return out;
}
