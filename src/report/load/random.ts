/** @module A small seeded random generator and a reservoir sample, so sampled report data is reproducible. */

/**
 * Returns a mulberry32 generator: uniform numbers in [0, 1), the same sequence for the same seed.
 *
 * @example
 * ```ts
 * const random = seededRandom(1);
 * random(); // always the same first number
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = (seed * 0x9e3779b9) >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A uniform sample of at most `size` items from a stream of unknown length (algorithm R), drawn
 * with a seeded generator so the same stream gives the same sample.
 *
 * @example
 * ```ts
 * const sample = new Reservoir<number>(100, 1);
 * for (let i = 0; i < 10_000; i++) sample.offer(i);
 * sample.items.length; // 100
 * ```
 */
export class Reservoir<T> {
  /** The sample so far, at most `size` items. */
  readonly items: T[] = [];
  #seen = 0;
  #random: () => number;

  /** A reservoir of `size` items drawn with `seededRandom(seed)`. */
  constructor(readonly size: number, seed: number) {
    this.#random = seededRandom(seed);
  }

  /** Offers one item; it replaces a kept one with probability size / seen. */
  offer(item: T): void {
    this.#seen++;
    if (this.items.length < this.size) this.items.push(item);
    else {
      const j = Math.floor(this.#random() * this.#seen);
      if (j < this.size) this.items[j] = item;
    }
  }
}
