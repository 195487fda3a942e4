/** @module Bounded caches keyed by text: one two-generation cache, bounded by characters or by entries. */

/**
 * A map in two generations, each holding keys of at most `limit` total weight: when the young one
 * is full it becomes the old one and the previous old one is dropped; a hit in the old one is
 * promoted. Nearly LRU, at one map lookup per hit (a true LRU writes the map on every hit).
 */
class TwoGenerations<V> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();
  #used = 0;
  readonly #limit: number;
  readonly #weigh: (key: string) => number;
  readonly #maxWeight: number;

  /**
   * @param limit the most weight one generation holds
   * @param weigh a key's weight
   * @param maxWeight the heaviest key kept (a heavier one would evict everything else)
   */
  constructor(limit: number, weigh: (key: string) => number, maxWeight = Infinity) {
    this.#limit = limit;
    this.#weigh = weigh;
    this.#maxWeight = maxWeight;
  }

  /** The value of `key`, promoting it to the young generation; undefined when absent. */
  get(key: string): V | undefined {
    const hit = this.#young.get(key);
    if (hit !== undefined) return hit;
    const old = this.#old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  /** Stores `value` for `key`; a full young generation becomes the old one first. */
  set(key: string, value: V): void {
    const weight = this.#weigh(key);
    if (weight > this.#maxWeight) return;
    if (this.#young.has(key)) {
      this.#young.set(key, value);
      return;
    }
    if (this.#used + weight > this.#limit) {
      this.#old = this.#young;
      this.#young = new Map();
      this.#used = 0;
    }
    this.#young.set(key, value);
    this.#used += weight;
  }

  /** Number of keys held (one promoted from the old generation may count twice). */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  /** Drops everything. */
  clear(): void {
    this.#young = new Map();
    this.#old = new Map();
    this.#used = 0;
  }
}

/**
 * A map from texts to values bounded by the total length of its keys: two generations of half the
 * bound each. A text longer than a quarter of the bound is not kept.
 *
 * @example
 * ```ts
 * const c = new TextCache<number>(1000);
 * c.set("hello", 1);
 * c.get("hello"); // 1
 * ```
 */
export class TextCache<V> extends TwoGenerations<V> {
  /** @param maxChars the most key characters held */
  constructor(readonly maxChars: number) {
    super(maxChars / 2, (text) => text.length, maxChars / 4);
  }
}

/**
 * A map for many short keys (words), bounded by entry count: two generations of `maxEntries`
 * each.
 *
 * @example
 * ```ts
 * const words = new WordCache<number[]>(1 << 17);
 * words.set("hello", [15339]);
 * ```
 */
export class WordCache<V> extends TwoGenerations<V> {
  /** @param maxEntries entries per generation (at most twice that are held) */
  constructor(readonly maxEntries: number) {
    super(maxEntries, () => 1);
  }
}
