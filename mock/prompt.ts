/**
 * @module Prompt token ids for a chat, counted with gpt-tokenizer (o200k_base) over a ChatML-like
 * rendering of the messages.
 *
 * Framing (`src/util/chat_framing.ts`, the one the client counts with), per message:
 * `<|im_start|>` role `\n` content `<|im_end|>` `\n`; then the generation prompt
 * `<|im_start|>assistant\n`. `<|im_start|>` and `<|im_end|>` are one special token each; text
 * inside a message is encoded as plain text (a literal "<|endoftext|>" in it is not special).
 * So a one-message chat costs its content tokens plus 8 framing tokens (5 per message, 3 to prime).
 * An assistant message's `tool_calls` are part of its text, as a chat template writes them
 * (`toolCallsText` of src/util/tool_framing.ts: `<tool_call>` lines after the content); a `tool`
 * message is framed like any other, its content the result.
 */
import { encode } from "gpt-tokenizer";
import { IM_END, IM_START, REPLY_ROLE, SEPARATOR } from "../src/util/chat_framing.ts";
import { toolCallsText } from "../src/util/tool_framing.ts";
import type { ChatMessage } from "./request.ts";
import { messageText } from "./request.ts";

const IM_START_ID = encode(IM_START, { allowedSpecial: "all" })[0];
const IM_END_ID = encode(IM_END, { allowedSpecial: "all" })[0];
const NEWLINE = encode(SEPARATOR);
const PLAIN = { disallowedSpecial: new Set<string>() };

/** Caches the encoding of recent message texts: a chat resends its history every turn. */
class EncodeCache {
  #map = new Map<string, number[]>();
  #chars = 0;
  constructor(readonly maxChars: number) {}

  encode(text: string): number[] {
    const hit = this.#map.get(text);
    if (hit) {
      this.#map.delete(text);
      this.#map.set(text, hit);
      return hit;
    }
    const ids = encode(text, PLAIN);
    if (text.length <= this.maxChars / 4) {
      this.#map.set(text, ids);
      this.#chars += text.length;
      for (const [key] of this.#map) {
        if (this.#chars <= this.maxChars) break;
        this.#map.delete(key);
        this.#chars -= key.length;
      }
    }
    return ids;
  }
}

const cache = new EncodeCache(16 * 2 ** 20);

/** One message reduced to what is counted: its role and its text. */
export interface PromptPart {
  role: string;
  text: string;
}

/** The counted parts of chat messages (text parts of array contents joined, calls rendered). */
export function promptParts(messages: readonly ChatMessage[]): PromptPart[] {
  return messages.map((m) => ({
    role: m.role,
    text: m.tool_calls?.length
      ? toolCallsText(messageText(m), m.tool_calls.map((c) => c.function))
      : messageText(m),
  }));
}

/** Renders parts to token ids with the framing of the module comment. */
export function renderTokens(parts: readonly PromptPart[]): number[] {
  const out: number[] = [];
  const push = (ids: readonly number[]) => {
    for (const id of ids) out.push(id);
  };
  for (const p of parts) {
    out.push(IM_START_ID);
    push(cache.encode(p.role));
    push(NEWLINE);
    push(cache.encode(p.text));
    out.push(IM_END_ID);
    push(NEWLINE);
  }
  out.push(IM_START_ID);
  push(cache.encode(REPLY_ROLE));
  push(NEWLINE);
  return out;
}

/**
 * Returns the prompt token ids of a chat as the mock renders it (see the module comment).
 *
 * @example
 * ```ts
 * promptTokens([{ role: "user", content: "Hello" }]).length; // 9
 * ```
 */
export function promptTokens(messages: readonly ChatMessage[]): number[] {
  return renderTokens(promptParts(messages));
}

const FIRST = ["The", "A", "This", "In", "It", "Some", "Each", "One"];
const NEXT = [
  " the",
  " of",
  " and",
  " to",
  " in",
  " is",
  " that",
  " for",
  " it",
  " as",
  " with",
  " was",
  " on",
  " be",
  " by",
  " this",
  " are",
  " from",
  " or",
  " at",
  " model",
  " token",
  " cache",
  " answer",
  " request",
  " server",
  " time",
  " text",
  " data",
  " turn",
  " round",
  " reply",
];

/**
 * The text of output token `i` of a response: each is one o200k token, and their concatenation
 * re-encodes to the same count, so a client counting with gpt-tokenizer agrees with `usage`.
 */
export function outputWord(i: number, salt: number): string {
  return i === 0 ? FIRST[salt % FIRST.length] : NEXT[(i * 7 + salt) % NEXT.length];
}
