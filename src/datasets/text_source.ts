/**
 * @module Texts of an exact token length, cut from a corpus's own token stream.
 *
 * A text of n tokens is a run of pieces, each a window of the corpus's tokens that starts at a
 * word token with a leading space (" the") and ends just before another, so the text reads like
 * the corpus (spliced between sentences now and then) and tokenizes like it. Two pieces meet at
 * a space before a letter, where BPE tokenizers of the GPT family always cut (a pre-token never
 * spans "x| y"), so the pieces' token counts add up; a standalone text drops its leading space,
 * which can change its first token, so that piece is checked on its own. Whatever the tokenizer,
 * the finished text is counted again and redrawn if it is off, so the length is exact by
 * construction and by check.
 */
import { CORPUS } from "./synthesize_corpus.ts";
import type { Tokenizer } from "./tokenizer.ts";

/** Token counts of the pieces a text is made of. */
const PIECE_MIN = 6, PIECE_MAX = 48;
/** Random window starts tried before a piece is made shorter. */
const TRIES = 64;
/** Whole texts redrawn before giving up. */
const ATTEMPTS = 30;

/** How a text begins. */
export interface TextOptions {
  /** Begin with a space (" word…"), for a text appended to another; default false. */
  joinable?: boolean;
}

/**
 * Cuts exact-length texts from a corpus.
 *
 * @example
 * ```ts
 * const source = new TextSource(gptTokenizer);
 * const text = source.text(120, seededRandom(1)); // gptTokenizer.count(text) === 120
 * ```
 */
export class TextSource {
  readonly tokenizer: Tokenizer;
  readonly #corpus: string;
  /** Token indexes where a piece may start (a " word" token), ascending. */
  readonly #starts: Int32Array;
  /** Char offset of token i in the corpus when i is a start, else -1. */
  readonly #charAt: Int32Array;

  constructor(tokenizer: Tokenizer, corpus: string = CORPUS) {
    this.tokenizer = tokenizer;
    this.#corpus = corpus;
    const ids = tokenizer.encode(corpus);
    const starts: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (/^ \p{L}/u.test(tokenizer.decode([ids[i]]))) starts.push(i);
    }
    this.#charAt = new Int32Array(ids.length + 1).fill(-1);
    let chars = 0, from = 0;
    for (const s of starts) {
      chars += tokenizer.decode(ids.slice(from, s)).length;
      this.#charAt[s] = chars;
      from = s;
    }
    this.#starts = Int32Array.from(starts);
    if (starts.length < 100) throw new Error("Cannot cut texts from the corpus: too few words");
  }

  /** A corpus window of `k` tokens from one start to the next, or undefined if none was found. */
  #window(k: number, random: () => number): string | undefined {
    const starts = this.#starts, charAt = this.#charAt;
    for (let t = 0; t < TRIES; t++) {
      const s = starts[Math.floor(random() * starts.length)];
      if (s + k < charAt.length && charAt[s + k] >= 0) {
        return this.#corpus.slice(charAt[s], charAt[s + k]);
      }
    }
    return undefined;
  }

  /** A piece of exactly `k` tokens (shorter when no window of `k` turns up), and its length. */
  #piece(k: number, random: () => number): [string, number] {
    for (let size = k; size >= 1; size--) {
      const w = this.#window(size, random);
      if (w !== undefined) return [w, size];
    }
    throw new Error("Cannot cut a one-token piece from the corpus");
  }

  /**
   * A text of exactly `n` tokens with this source's tokenizer.
   *
   * @param n the token count, 0 or more
   * @param random a seeded source: the same sequence gives the same text
   * @throws {Error} if no text of that length could be made (not seen with the bundled corpus)
   */
  text(n: number, random: () => number, options: TextOptions = {}): string {
    if (n === 0) return "";
    const count = (t: string) => this.tokenizer.count(t);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const parts: string[] = [];
      let left = n;
      while (left > 0) {
        const want = Math.min(left, PIECE_MIN + Math.floor(random() * (PIECE_MAX - PIECE_MIN + 1)));
        let [piece, size] = this.#piece(want, random);
        if (parts.length === 0 && !options.joinable) {
          // The first piece without its space must keep its count; try a few others if not.
          for (let t = 0; t < TRIES && count(piece.slice(1)) !== size; t++) {
            [piece, size] = this.#piece(want, random);
          }
          piece = piece.slice(1);
        }
        parts.push(piece);
        left -= size;
      }
      const text = parts.join("");
      if (count(text) === n) return text;
    }
    throw new Error(`Cannot make a text of ${n} tokens with tokenizer "${this.tokenizer.name}"`);
  }
}
