/**
 * @module The tokenizer a synthesize spec or a trace import makes lengths exact for, from
 * `src/tokens` (the shared `Tokenizer` interface and its gpt-tokenizer implementation).
 */
import { GptTokenizer } from "../tokens/gpt.ts";
import type { Tokenizer } from "../tokens/tokenizer.ts";

export type { Tokenizer } from "../tokens/tokenizer.ts";

/**
 * gpt-tokenizer's o200k_base on plain text (special-token text is not special), the encoding the
 * client and the mock count with.
 */
export const gptTokenizer: Tokenizer = new GptTokenizer();

/**
 * The tokenizer a spec names.
 *
 * @throws {Error} for a name other than "gpt" (the spec schema admits no other yet)
 * @example
 * ```ts
 * tokenizerNamed("gpt").count("hello world"); // 2
 * ```
 */
export function tokenizerNamed(name: string): Tokenizer {
  if (name === "gpt") return gptTokenizer;
  throw new Error(`Cannot use tokenizer "${name}": only "gpt" is available`);
}
