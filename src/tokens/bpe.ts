/**
 * @module A fast byte-pair-encoding of one word on integer ids, equal to the `tokenizers` BPE model
 * (lowest merge rank first, leftmost first among equal ranks, byte fallback or unknown token for
 * characters outside the vocabulary).
 *
 * `@huggingface/tokenizers` looks every candidate pair up by `JSON.stringify([a, b])` in a map of
 * strings, which costs ~20 µs per new word. Here characters map to ids through a table indexed by
 * char code, pairs live in an open-addressing table of int32 (left, right) → (rank, merged id), and
 * the merge queue is a binary heap of numbers (`rank · 2²² + position`), so a word costs a few
 * microseconds, most of it allocation. It applies only to the plain BPE shape (no dropout, no subword prefixes or
 * suffixes, every merge made of vocabulary tokens); `FastBpe.from` says null otherwise.
 */

const POS = 2 ** 22;
const UTF8 = new TextEncoder();

/** Scratch arrays reused by every word (encoding is synchronous), grown as needed. */
let scratch = {
  ids: new Int32Array(256),
  starts: new Int32Array(257),
  next: new Int32Array(256),
  prev: new Int32Array(256),
};
const heap: number[] = [];

function scratchFor(len: number): typeof scratch {
  if (scratch.ids.length < len) {
    const n = Math.max(len, scratch.ids.length * 2);
    scratch = {
      ids: new Int32Array(n),
      starts: new Int32Array(n + 1),
      next: new Int32Array(n),
      prev: new Int32Array(n),
    };
  }
  return scratch;
}

/** (left, right) → (rank, merged) for every merge, first rank kept; open addressing on int32. */
class PairTable {
  readonly #left: Int32Array;
  readonly #right: Int32Array;
  readonly rank: Int32Array;
  readonly merged: Int32Array;
  readonly #mask: number;

  constructor(count: number) {
    let cap = 16;
    while (cap < count * 2) cap *= 2;
    this.#left = new Int32Array(cap).fill(-1);
    this.#right = new Int32Array(cap);
    this.rank = new Int32Array(cap);
    this.merged = new Int32Array(cap);
    this.#mask = cap - 1;
  }

  /** The slot of (l, r), or -1. */
  find(l: number, r: number): number {
    let i = hashPair(l, r) & this.#mask;
    for (;;) {
      const k = this.#left[i];
      if (k === -1) return -1;
      if (k === l && this.#right[i] === r) return i;
      i = (i + 1) & this.#mask;
    }
  }

  /** Stores (l, r) unless present. */
  add(l: number, r: number, rank: number, merged: number): void {
    let i = hashPair(l, r) & this.#mask;
    while (this.#left[i] !== -1) {
      if (this.#left[i] === l && this.#right[i] === r) return;
      i = (i + 1) & this.#mask;
    }
    this.#left[i] = l;
    this.#right[i] = r;
    this.rank[i] = rank;
    this.merged[i] = merged;
  }
}

function hashPair(l: number, r: number): number {
  let h = Math.imul(l, 0x9e3779b1) ^ r;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** BPE over token ids for one tokenizer.json `model` of type BPE. */
export class FastBpe {
  readonly #vocab: Map<string, number>;
  readonly #pairs: PairTable;
  /** char code → id of the one-code-unit token, or -1. */
  readonly #single: Int32Array;
  readonly #bytes: Int32Array | null;
  readonly #unk: number;
  readonly #fuseUnk: boolean;
  readonly #ignoreMerges: boolean;

  private constructor(
    vocab: Map<string, number>,
    pairs: PairTable,
    bytes: Int32Array | null,
    model: Record<string, unknown>,
  ) {
    this.#vocab = vocab;
    this.#pairs = pairs;
    this.#bytes = bytes;
    this.#single = new Int32Array(65536).fill(-1);
    for (const [token, id] of vocab) if (token.length === 1) this.#single[token.charCodeAt(0)] = id;
    const unk = typeof model.unk_token === "string" ? vocab.get(model.unk_token) : undefined;
    this.#unk = unk ?? -1;
    this.#fuseUnk = model.fuse_unk === true;
    this.#ignoreMerges = model.ignore_merges === true;
  }

  /**
   * Builds the encoder for a tokenizer.json `model`, with the full vocabulary (added tokens
   * included); null when the model has a shape this class does not reproduce.
   */
  static from(model: Record<string, unknown>, vocab: Map<string, number>): FastBpe | null {
    if (model.type !== "BPE" || (model.dropout ?? null) !== null) return null;
    if (model.continuing_subword_prefix || model.end_of_word_suffix) return null;
    // Unknown tokens fused across a whole pre-tokenized section cannot be fused word by word.
    if (model.byte_fallback !== true && model.fuse_unk === true) return null;
    const list = model.merges as (string | string[])[];
    if (list.length >= 2 ** 30) return null;
    const pairs = new PairTable(list.length);
    for (let rank = 0; rank < list.length; rank++) {
      const m = list[rank];
      const [a, b] = typeof m === "string" ? splitMerge(m) : m;
      const left = vocab.get(a);
      const right = vocab.get(b);
      const merged = vocab.get(a + b);
      if (left === undefined || right === undefined || merged === undefined) return null;
      pairs.add(left, right, rank, merged);
    }
    let bytes: Int32Array | null = null;
    if (model.byte_fallback === true) {
      bytes = new Int32Array(256);
      for (let b = 0; b < 256; b++) {
        const id = vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
        if (id === undefined) return null;
        bytes[b] = id;
      }
    }
    return new FastBpe(vocab, pairs, bytes, model);
  }

  /** Appends the ids of one word (already normalized and pre-tokenized) to `out`. */
  encode(word: string, out: number[]): void {
    if (this.#ignoreMerges) {
      const whole = this.#vocab.get(word);
      if (whole !== undefined) return void out.push(whole);
    }
    const len = word.length;
    const { ids, starts } = scratchFor(len);
    let n = 0;
    for (let i = 0; i < len; n++) {
      const c = word.charCodeAt(i);
      starts[n] = i;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        ids[n] = this.#vocab.get(word.slice(i, i + 2)) ?? -1;
        i += 2;
      } else {
        ids[n] = this.#single[c];
        i++;
      }
    }
    starts[n] = len;
    if (n > 1) this.#merge(ids, n);
    let lastUnk = false;
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      if (id === -2) continue;
      if (id >= 0) {
        out.push(id);
        lastUnk = false;
      } else if (this.#bytes) {
        for (const b of UTF8.encode(word.slice(starts[i], starts[i + 1]))) out.push(this.#bytes[b]);
      } else if (this.#unk >= 0 && !(this.#fuseUnk && lastUnk)) {
        out.push(this.#unk);
        lastUnk = true;
      }
    }
  }

  /** Merges in place; merged-away symbols become -2. */
  #merge(ids: Int32Array, n: number): void {
    const pairs = this.#pairs;
    const { next, prev } = scratch;
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    heap.length = 0;
    /** The pair slot starting at symbol i, or -1. */
    const slotAt = (i: number): number => {
      const j = next[i];
      return j < 0 || ids[i] < 0 || ids[j] < 0 ? -1 : pairs.find(ids[i], ids[j]);
    };
    for (let i = 0; i + 1 < n; i++) {
      const s = slotAt(i);
      if (s >= 0) push(heap, pairs.rank[s] * POS + i);
    }
    while (heap.length > 0) {
      const top = pop(heap);
      const rank = Math.floor(top / POS);
      const i = top - rank * POS;
      if (ids[i] < 0) continue;
      const slot = slotAt(i);
      if (slot < 0 || pairs.rank[slot] !== rank) continue;
      const j = next[i];
      ids[i] = pairs.merged[slot];
      ids[j] = -2;
      next[i] = next[j];
      if (next[j] >= 0) prev[next[j]] = i;
      const p = prev[i];
      if (p >= 0) {
        const s = slotAt(p);
        if (s >= 0) push(heap, pairs.rank[s] * POS + p);
      }
      const s = slotAt(i);
      if (s >= 0) push(heap, pairs.rank[s] * POS + i);
    }
  }
}

/** "a b" → ["a", "b"] at the first space (a merge's left part never holds one). */
function splitMerge(m: string): [string, string] {
  const at = m.indexOf(" ");
  return [m.slice(0, at), m.slice(at + 1)];
}

function push(heap: number[], v: number): void {
  let i = heap.length;
  heap.push(v);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= v) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = v;
}

function pop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop()!;
  const n = heap.length;
  if (n > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && heap[l + 1] < heap[l] ? l + 1 : l;
      if (heap[c] >= last) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
  }
  return top;
}
