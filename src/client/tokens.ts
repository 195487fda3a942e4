/** @module Prompt token counting with gpt-tokenizer, chat framing included. */
import { countTokens, decode, encode } from "gpt-tokenizer";

/**
 * Tokens every chat message costs beyond its content, as OpenAI's counting recipe for ChatML
 * models has it: `<|im_start|>`, the role, the separator and `<|im_end|>`.
 */
export const MESSAGE_FRAMING_TOKENS = 4;

/** Tokens that prime the assistant's reply (`<|im_start|>assistant<|im_sep|>`), once per prompt. */
export const REPLY_PRIMING_TOKENS = 3;

/**
 * Counts the tokens of a text with gpt-tokenizer (o200k_base), no framing.
 *
 * @example
 * ```ts
 * countText("hello world"); // 2
 * ```
 */
export function countText(text: string): number {
  return text.length === 0 ? 0 : countTokens(text);
}

/**
 * Cuts a text to at most `maxTokens` tokens, keeping its end (a long document's question usually
 * comes last). Returns the cut text and its token count, recounted after decoding so that a
 * character split at the cut can never push the count over the limit.
 *
 * @param text the text to cut
 * @param maxTokens the largest token count allowed, 0 or more
 * @returns the kept text and its token count (≤ maxTokens)
 * @example
 * ```ts
 * cutToTokens("a long document … question?", 5).tokens; // ≤ 5
 * ```
 */
export function cutToTokens(text: string, maxTokens: number): { text: string; tokens: number } {
  const ids = encode(text);
  if (ids.length <= maxTokens) return { text, tokens: ids.length };
  for (let keep = Math.max(0, maxTokens); keep > 0; keep--) {
    const cut = decode(ids.slice(ids.length - keep)).replace(/^\uFFFD+/, "");
    const tokens = countText(cut);
    if (tokens <= maxTokens) return { text: cut, tokens };
  }
  return { text: "", tokens: 0 };
}
