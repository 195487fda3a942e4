/** @module Bounded caches keyed by text: two-generation caches, one bounded by characters, one by entries. */

/**
 * A map from texts to values bounded by the total length of its keys, in two generations of half
 * the bound each: when the young one is full it becomes the old one and the previous old one is
 * dropped; a hit in the old one is promoted. Nearly LRU, at one map lookup per hit (a true LRU
 * writes the map on every hit). A text longer than a quarter of the bound is not kept.
 *
 * @example
 * ```ts
 * const c = new TextCache<number>(1000);
 * c.set("hello", 1);
 * c.get("hello"); // 1
 * ```
 */
export class TextCache<V> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();
  #youngChars = 0;

  /** @param maxChars the most key characters held */
  constructor(readonly maxChars: number) {}

  /** The value of `text`, promoting it to the young generation; undefined when absent. */
  get(text: string): V | undefined {
    const hit = this.#young.get(text);
    if (hit !== undefined) return hit;
    const old = this.#old.get(text);
    if (old !== undefined) {
      this.#old.delete(text);
      this.set(text, old);
    }
    return old;
  }

  /** Stores `value` for `text`; a full young generation becomes the old one first. */
  set(text: string, value: V): void {
    if (text.length > this.maxChars / 4) return;
    if (this.#young.has(text)) {
      this.#young.set(text, value);
      return;
    }
    if (this.#youngChars + text.length > this.maxChars / 2) {
      this.#old = this.#young;
      this.#young = new Map();
      this.#youngChars = 0;
    }
    this.#old.delete(text);
    this.#young.set(text, value);
    this.#youngChars += text.length;
  }

  /** Number of texts held. */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  /** Drops everything. */
  clear(): void {
    this.#young = new Map();
    this.#old = new Map();
    this.#youngChars = 0;
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
