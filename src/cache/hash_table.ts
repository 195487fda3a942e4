/**
 * @module A map from 53-bit block hashes to small integers (owners), in typed arrays: open
 * addressing with linear probing, no allocation per lookup.
 *
 * Why not a `Map<number, number>`: a block hash does not fit V8's small integers, so every key is a
 * boxed heap number — one allocation per lookup and per insert, on the path of every request. Here
 * a key is kept as its two 32-bit halves and a value as an Int32, and a lookup is a few array reads.
 */

/** What `get` answers for a key that is not there. */
export const ABSENT = -0x80000000;

const TWO32 = 2 ** 32;

/**
 * Hash → int32 map for non-negative integer keys below 2^53.
 *
 * @example
 * ```ts
 * const t = new HashTable();
 * t.set(2 ** 40 + 7, 3);
 * t.get(2 ** 40 + 7); // 3
 * t.get(5); // ABSENT
 * ```
 */
export class HashTable {
  #lo: Int32Array;
  /** High half + 1; 0 marks an empty slot. */
  #hi: Int32Array;
  #values: Int32Array;
  #mask: number;
  #size = 0;

  /** @param capacity initial slots (rounded up to a power of two, at least 16) */
  constructor(capacity = 1024) {
    const n = 2 ** Math.max(4, Math.ceil(Math.log2(capacity)));
    this.#lo = new Int32Array(n);
    this.#hi = new Int32Array(n);
    this.#values = new Int32Array(n);
    this.#mask = n - 1;
  }

  /** Keys held. */
  get size(): number {
    return this.#size;
  }

  /** The value of `key`, or {@link ABSENT}. */
  get(key: number): number {
    const lo = key % TWO32 | 0;
    const hi = ((key - (key % TWO32)) / TWO32) + 1;
    for (let i = slot(lo, hi, this.#mask);; i = (i + 1) & this.#mask) {
      const h = this.#hi[i];
      if (h === 0) return ABSENT;
      if (h === hi && this.#lo[i] === lo) return this.#values[i];
    }
  }

  /** Whether `key` is held. */
  has(key: number): boolean {
    return this.get(key) !== ABSENT;
  }

  /** Sets the value of `key` (an int32 other than {@link ABSENT}). */
  set(key: number, value: number): void {
    if ((this.#size + 1) * 2 > this.#mask + 1) this.#grow();
    const lo = key % TWO32 | 0;
    const hi = ((key - (key % TWO32)) / TWO32) + 1;
    let i = slot(lo, hi, this.#mask);
    for (;; i = (i + 1) & this.#mask) {
      const h = this.#hi[i];
      if (h === 0) break;
      if (h === hi && this.#lo[i] === lo) {
        this.#values[i] = value;
        return;
      }
    }
    this.#hi[i] = hi;
    this.#lo[i] = lo;
    this.#values[i] = value;
    this.#size++;
  }

  /** Drops every key (keeps the slots). */
  clear(): void {
    this.#hi.fill(0);
    this.#size = 0;
  }

  #grow(): void {
    const [lo, hi, values] = [this.#lo, this.#hi, this.#values];
    const n = (this.#mask + 1) * 2;
    this.#lo = new Int32Array(n);
    this.#hi = new Int32Array(n);
    this.#values = new Int32Array(n);
    this.#mask = n - 1;
    for (let j = 0; j < hi.length; j++) {
      if (hi[j] === 0) continue;
      let i = slot(lo[j], hi[j], this.#mask);
      while (this.#hi[i] !== 0) i = (i + 1) & this.#mask;
      this.#hi[i] = hi[j];
      this.#lo[i] = lo[j];
      this.#values[i] = values[j];
    }
  }
}

/** The home slot of a key's halves (the halves are hash output already: a cheap mix will do). */
function slot(lo: number, hi: number, mask: number): number {
  return (Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> 7) & mask;
}
