/**
 * @module The tokenizer lengths are made exact for: the shared `Tokenizer` interface (owned by
 * `src/tokens`) and a gpt-tokenizer (o200k_base) adapter.
 */
// TODO(merge): use src/tokens (this interface and adapter stand in for `src/tokens/tokenizer.ts`).
import { countTokens, decode, encode } from "gpt-tokenizer";

/** Turns text into token ids and back. */
export interface Tokenizer {
  /** "gpt", "hf:<path>" or "server". */
  readonly name: string;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /** Token count of `text` (same as encode(text).length, maybe faster). */
  count(text: string): number;
}

/** Text that looks like a special token is encoded as plain text, as the mock does. */
const PLAIN = { disallowedSpecial: new Set<string>() };

/** gpt-tokenizer's o200k_base, the encoding the client and the mock count with. */
export const gptTokenizer: Tokenizer = {
  name: "gpt",
  encode: (text) => encode(text, PLAIN),
  decode: (ids) => decode(ids),
  count: (text) => text.length === 0 ? 0 : countTokens(text, PLAIN),
};

/**
 * The tokenizer a spec names.
 *
 * @throws {Error} for a name other than "gpt" (the spec schema admits no other yet)
 */
export function tokenizerNamed(name: string): Tokenizer {
  if (name === "gpt") return gptTokenizer;
  throw new Error(`Cannot use tokenizer "${name}": only "gpt" is available`);
}
