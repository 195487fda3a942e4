/**
 * @module The text of a trace's blocks: the same hash id always gives the same block, exactly
 * `blockSize` tokens, and a prompt is its blocks back to back.
 *
 * A block's text depends only on (seed, hash id): it is drawn from a random stream keyed by
 * them, so it can be dropped from memory and made again identical, and two files converted with
 * the same seed agree. Blocks start with a space before a word and end before one, so when they
 * are put together no token spans two of them and the prompt's tokens are the blocks' tokens in
 * order (checked by counting the prompt). A partial last block of r tokens is the first r tokens
 * of its id's full block when that cut encodes back to the same tokens, and otherwise r tokens of
 * its own, drawn for (seed, id, r).
 */
import { streamFor } from "./streams.ts";
import { TextSource } from "./text_source.ts";
import type { Tokenizer } from "./tokenizer.ts";

/** Blocks kept in memory; others are made again when needed (identically). */
const KEEP = 4096;

/** Makes and remembers block texts for one seed and block size. */
export class BlockTexts {
  readonly #source: TextSource;
  readonly #tokenizer: Tokenizer;
  readonly #kept = new Map<string, string>();

  constructor(tokenizer: Tokenizer, readonly blockSize: number, readonly seed: number) {
    this.#tokenizer = tokenizer;
    this.#source = new TextSource(tokenizer);
  }

  #remember(key: string, make: () => string): string {
    const hit = this.#kept.get(key);
    if (hit !== undefined) {
      this.#kept.delete(key);
      this.#kept.set(key, hit);
      return hit;
    }
    const text = make();
    this.#kept.set(key, text);
    if (this.#kept.size > KEEP) this.#kept.delete(this.#kept.keys().next().value!);
    return text;
  }

  /**
   * The text of block `id`, `tokens` long (the block size, or fewer for a last block).
   *
   * @param id the trace's hash id
   * @param tokens the block's length, 1 … blockSize
   */
  block(id: number, tokens: number): string {
    const full = this.#remember(
      `${id}`,
      () =>
        this.#source.text(this.blockSize, streamFor(this.seed, "block", id), { joinable: true }),
    );
    if (tokens === this.blockSize) return full;
    return this.#remember(`${id}/${tokens}`, () => {
      const ids = this.#tokenizer.encode(full).slice(0, tokens);
      const cut = this.#tokenizer.decode(ids);
      const again = this.#tokenizer.encode(cut);
      if (again.length === tokens && again.every((t, i) => t === ids[i])) return cut;
      return this.#source.text(tokens, streamFor(this.seed, "block", id, tokens), {
        joinable: true,
      });
    });
  }

  /** Whether the partial block (id, tokens) is the start of the full block's text. */
  isPrefixCut(id: number, tokens: number): boolean {
    if (tokens === this.blockSize) return true;
    const full = this.block(id, this.blockSize);
    return this.block(id, tokens) === full.slice(0, this.block(id, tokens).length);
  }

  /**
   * The prompt of a request: its blocks in order, the last one `inputLength − (n − 1)·B` long.
   *
   * @throws {Error} when the joined blocks do not count `inputLength` tokens (never seen with
   *   the bundled corpus and the gpt tokenizer)
   */
  prompt(hashIds: readonly number[], inputLength: number): string {
    const B = this.blockSize, n = hashIds.length;
    const parts = hashIds.map((id, i) => this.block(id, i < n - 1 ? B : inputLength - (n - 1) * B));
    const text = parts.join("");
    const counted = this.#tokenizer.count(text);
    if (counted !== inputLength) {
      throw new Error(`Cannot join ${n} blocks into ${inputLength} tokens: they count ${counted}`);
    }
    return text;
  }
}
