/** @module Seeded randomness for reproducible samples: a small PRNG, a shuffle, a reservoir. */

/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence.
 *
 * @param seed any integer
 * @returns a function returning numbers in [0, 1)
 */
export function seededRandom(seed: number): () => number {
  let a = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(
  items: T,
  random: () => number,
): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/**
 * A uniform sample of at most `size` items from a stream of unknown length (algorithm R), so
 * memory is bounded by `size` however long the stream.
 *
 * @example
 * ```ts
 * const r = new Reservoir<string>(2, seededRandom(1));
 * for (const x of ["a", "b", "c", "d"]) r.offer(x);
 * r.take(); // two of them, in shuffled order
 * ```
 */
export class Reservoir<T> {
  #items: T[] = [];
  /** Items offered so far. */
  seen = 0;

  constructor(readonly size: number, readonly random: () => number) {}

  /** Offers one item; it is kept with probability size/seen. */
  offer(item: T): void {
    this.seen++;
    if (this.#items.length < this.size) this.#items.push(item);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.size) this.#items[j] = item;
    }
  }

  /** The sample, shuffled. */
  take(): T[] {
    return shuffleInPlace(this.#items, this.random);
  }
}
