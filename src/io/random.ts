/**
 * @module Seeded randomness for reproducible samples: the one PRNG (mulberry32), a shuffle, a
 * reservoir. Datasets, the session runner, the report and the mock all draw from it.
 */

/**
 * The mulberry32 generator started from a raw 32-bit state. Most callers want
 * {@linkcode seededRandom}; this entry keeps sequences that were seeded with the raw state (the
 * mock's `Rng`) unchanged.
 *
 * @param state initial 32-bit state (taken modulo 2³²)
 * @returns a function returning numbers in [0, 1)
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); // the same first number on every run
 * ```
 */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A seeded pseudo-random generator: the same seed gives the same sequence (the sequences behind
 * `--seed` sampling; do not change the seeding, or every sample drawn so far changes).
 *
 * @param seed any integer
 * @returns a function returning numbers in [0, 1)
 * @example
 * ```ts
 * const random = seededRandom(1);
 * random(); // always the same first number
 * ```
 */
export function seededRandom(seed: number): () => number {
  return mulberry32(Math.trunc(seed) ^ 0x9e3779b9);
}

/**
 * Shuffles `items` in place (Fisher–Yates) and returns it.
 *
 * @example
 * ```ts
 * shuffleInPlace([1, 2, 3], seededRandom(1)); // the same order for the same seed
 * ```
 */
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

  /** The sample so far, in reservoir order (not shuffled; do not modify). */
  get items(): readonly T[] {
    return this.#items;
  }

  /** The sample, shuffled. */
  take(): T[] {
    return shuffleInPlace(this.#items, this.random);
  }
}
