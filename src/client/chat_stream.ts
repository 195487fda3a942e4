/** @module Reads an OpenAI-style SSE chat stream event by event, timing the content chunks. */
import { createParser, type EventSourceParser } from "eventsource-parser";

/** Token counts the server reported in its `usage` object. */
export interface ServerUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  /** `usage.prompt_tokens_details.cached_tokens`, when the server says. */
  cachedTokens: number | null;
}

interface ChunkShape {
  choices?: {
    delta?: {
      content?: unknown;
      reasoning_content?: unknown;
      reasoning?: unknown;
      tool_calls?: unknown;
    };
    message?: { content?: unknown; tool_calls?: unknown };
    finish_reason?: unknown;
  }[];
  usage?: {
    prompt_tokens?: unknown;
    completion_tokens?: unknown;
    prompt_tokens_details?: { cached_tokens?: unknown } | null;
  } | null;
  error?: { message?: unknown } | string;
}

/**
 * The state of one streamed answer. Feed it decoded text with the monotonic time it arrived;
 * it keeps the first content time, the gaps between content chunks, the answer text, `usage`,
 * `finish_reason`, whether `[DONE]` came, and the first in-stream error. A chunk with only a
 * role or only usage is not content; reasoning deltas (`reasoning_content`) count as content for
 * timing but are not part of the answer text, and so do tool-call deltas (`delta.tool_calls`,
 * the calls counted by their `index`: {@linkcode ChatStream.toolCalls}).
 *
 * @example
 * ```ts
 * const s = new ChatStream();
 * s.feed('data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n', performance.now());
 * s.firstContentAt; // the time passed in
 * ```
 */
export class ChatStream {
  /** Monotonic time of the first content chunk, or null. */
  firstContentAt: number | null = null;
  /** Monotonic time of the latest content chunk, or null. */
  lastContentAt: number | null = null;
  /** Gaps between consecutive content chunks, ms. */
  readonly itl: number[] = [];
  usage: ServerUsage | null = null;
  finishReason: string | null = null;
  done = false;
  /** The first error the server sent inside the stream (or unparsable data), else null. */
  error: string | null = null;
  readonly #parts: string[] = [];
  /** Issue 14: the `index` of every tool call the answer streamed. */
  readonly #toolCalls = new Set<number>();
  readonly #parser: EventSourceParser;
  #now = 0;

  constructor() {
    this.#parser = createParser({ onEvent: (e) => this.#onData(e.data) });
  }

  /** Feeds a piece of the stream's text that arrived at monotonic time `now`. */
  feed(text: string, now: number): void {
    this.#now = now;
    this.#parser.feed(text);
  }

  /** Takes a whole non-streamed JSON answer (a server that ignored `stream: true`). */
  takeJson(text: string, now: number): void {
    this.#now = now;
    this.#onData(text);
    this.done = this.error === null;
  }

  /** Tool calls the answer made (streamed deltas counted by `index`, or a whole message's). */
  get toolCalls(): number {
    return this.#toolCalls.size;
  }

  /** The answer text received so far. */
  get text(): string {
    return this.#parts.join("");
  }

  #onData(data: string): void {
    if (data === "[DONE]") {
      this.done = true;
      return;
    }
    let chunk: ChunkShape;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.error ??= `Cannot parse stream event "${data.slice(0, 80)}": not JSON`;
      return;
    }
    if (chunk.error !== undefined) {
      const e = chunk.error;
      this.error ??= typeof e === "string" ? e : String(e?.message ?? JSON.stringify(e));
      return;
    }
    const choice = chunk.choices?.[0];
    if (choice !== undefined) {
      const delta = choice.delta ?? choice.message;
      const content = delta?.content;
      const hasText = typeof content === "string" && content.length > 0;
      const calls = this.#takeToolCalls(delta?.tool_calls);
      if (hasText || calls || hasReasoning(choice.delta)) {
        this.#content(hasText ? content as string : "");
      }
      if (typeof choice.finish_reason === "string") this.finishReason = choice.finish_reason;
    }
    if (chunk.usage) this.usage = readUsage(chunk.usage);
  }

  /** Counts the calls of a `tool_calls` delta; true when it carried any. */
  #takeToolCalls(calls: unknown): boolean {
    if (!Array.isArray(calls) || calls.length === 0) return false;
    for (const [i, c] of calls.entries()) {
      const index = (c as { index?: unknown } | null)?.index;
      this.#toolCalls.add(typeof index === "number" ? index : i);
    }
    return true;
  }

  #content(text: string): void {
    const now = this.#now;
    if (this.lastContentAt === null) this.firstContentAt = now;
    else this.itl.push(now - this.lastContentAt);
    this.lastContentAt = now;
    if (text.length > 0) this.#parts.push(text);
  }
}

function hasReasoning(delta: { reasoning_content?: unknown; reasoning?: unknown } | undefined) {
  const r = delta?.reasoning_content ?? delta?.reasoning;
  return typeof r === "string" && r.length > 0;
}

function readUsage(u: NonNullable<ChunkShape["usage"]>): ServerUsage {
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  return {
    promptTokens: num(u.prompt_tokens),
    completionTokens: num(u.completion_tokens),
    cachedTokens: num(u.prompt_tokens_details?.cached_tokens),
  };
}
