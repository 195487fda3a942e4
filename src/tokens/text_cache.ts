/** @module Bounded caches keyed by text: an LRU by total characters, and a cheap two-generation word cache. */

/**
 * A least-recently-used map from texts to values, bounded by the total length of its keys. A text
 * longer than a quarter of the bound is not kept (it would evict everything else).
 *
 * @example
 * ```ts
 * const c = new TextCache<number>(1000);
 * c.set("hello", 1);
 * c.get("hello"); // 1
 * ```
 */
export class TextCache<V> {
  readonly #map = new Map<string, V>();
  #chars = 0;

  /** @param maxChars the most key characters held */
  constructor(readonly maxChars: number) {}

  /** The value of `text`, marking it recently used; undefined when absent. */
  get(text: string): V | undefined {
    const hit = this.#map.get(text);
    if (hit !== undefined) {
      this.#map.delete(text);
      this.#map.set(text, hit);
    }
    return hit;
  }

  /** Stores `value` for `text`, evicting the least recently used texts past the bound. */
  set(text: string, value: V): void {
    if (text.length > this.maxChars / 4) return;
    if (this.#map.has(text)) this.#map.delete(text);
    else this.#chars += text.length;
    this.#map.set(text, value);
    for (const key of this.#map.keys()) {
      if (this.#chars <= this.maxChars) break;
      this.#map.delete(key);
      this.#chars -= key.length;
    }
  }

  /** Number of texts held. */
  get size(): number {
    return this.#map.size;
  }

  /** Drops everything. */
  clear(): void {
    this.#map.clear();
    this.#chars = 0;
  }
}

/**
 * A map for many short keys (words), bounded by entry count with two generations: when the young
 * one fills, it becomes the old one and the previous old one is dropped. A hit in the old one is
 * promoted. Cheaper than a true LRU on the hot path (one lookup per hit).
 */
export class WordCache<V> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();

  /** @param maxEntries entries per generation (at most twice that are held) */
  constructor(readonly maxEntries: number) {}

  /** The value of `key`; undefined when absent. */
  get(key: string): V | undefined {
    const hit = this.#young.get(key);
    if (hit !== undefined) return hit;
    const old = this.#old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  /** Stores `value` for `key`. */
  set(key: string, value: V): void {
    if (this.#young.size >= this.maxEntries) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }

  /** Drops everything. */
  clear(): void {
    this.#young.clear();
    this.#old.clear();
  }
}
