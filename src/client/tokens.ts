/**
 * @module Text token counting with gpt-tokenizer, no framing: the tokens a chat message costs
 * beyond its content are `src/util/chat_framing.ts`'s.
 */
import { countTokens, decode, encode } from "gpt-tokenizer";

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
