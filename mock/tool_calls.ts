/**
 * @module Answers that call a tool: when a request carries `tools`, the mock answers with one
 * `tool_calls` entry instead of text at the configured `tool_call_rate` (seeded), always under
 * `tool_choice: "required"` or a named function, never under `"none"`.
 *
 * The call is one of the request's functions (drawn, or the named one) with arguments
 * `{"input": "<words>"}` of exactly the answer's length in chunks: each chunk is one output word
 * (mock/prompt.ts's `outputWord`), so the length rules, the timing model and `usage` are those of
 * a text answer. Streamed as OpenAI does: the first chunk carries the call's `index`, `id`,
 * `type` and `function.name` with the first piece of `arguments`; later chunks carry only
 * `index` and the next piece; the finish reason is `tool_calls` (vLLM's metrics count it as
 * `stop`, as its engine does).
 */
import type { ChatRequest } from "./request.ts";
import { outputWord } from "./prompt.ts";
import { Rng } from "./rng.ts";

/** The call one answer makes. */
export interface ToolCallAnswer {
  id: string;
  name: string;
}

/** Decides which requests are answered with a call (its own seeded stream). */
export class ToolCaller {
  readonly #rng: Rng;
  #seq = 0;

  /**
   * @param rate share of requests with `tools` (and `tool_choice` auto) answered with a call
   * @param seed the mock's seed (absent: random)
   */
  constructor(readonly rate: number, seed?: number) {
    this.#rng = new Rng(seed === undefined ? undefined : (seed ^ 0x7001ca11) >>> 0);
  }

  /**
   * The call a request is answered with, or null for a text answer.
   *
   * @example
   * ```ts
   * new ToolCaller(1, 7).plan(req); // { id: "call_mock_1", name: "get_weather" } when req has tools
   * ```
   */
  plan(req: ChatRequest): ToolCallAnswer | null {
    const tools = req.tools ?? [];
    const choice = req.tool_choice;
    if (tools.length === 0 || choice === "none") return null;
    const named = (choice as { function?: { name?: unknown } } | null)?.function?.name;
    const forced = choice === "required" || typeof named === "string";
    if (!forced && !this.#rng.chance(this.rate)) return null;
    const name = typeof named === "string"
      ? named
      : tools[Math.floor(this.#rng.next() * tools.length)].function.name;
    return { id: `call_mock_${++this.#seq}`, name };
  }
}

/** Piece `i` of `n` of a call's arguments text. */
export function argumentsPiece(i: number, n: number, salt: number): string {
  const word = outputWord(i, salt);
  return `${i === 0 ? '{"input": "' : ""}${word}${i === n - 1 ? '"}' : ""}`;
}

/**
 * The `delta` JSON of chunk `i` of `n` of a streamed call.
 *
 * @example
 * ```ts
 * toolCallDelta({ id: "c1", name: "f" }, 0, 2, 0);
 * // '{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"f","arguments":"{\"input\": \"The"}}]}'
 * ```
 */
export function toolCallDelta(call: ToolCallAnswer, i: number, n: number, salt: number): string {
  const args = JSON.stringify(argumentsPiece(i, n, salt));
  if (i > 0) return `{"tool_calls":[{"index":0,"function":{"arguments":${args}}}]}`;
  return `{"tool_calls":[{"index":0,"id":${JSON.stringify(call.id)},"type":"function",` +
    `"function":{"name":${JSON.stringify(call.name)},"arguments":${args}}}]}`;
}

/** A whole call as a non-streamed message holds it. */
export function toolCallMessage(call: ToolCallAnswer, n: number, salt: number) {
  let args = "";
  for (let i = 0; i < n; i++) args += argumentsPiece(i, n, salt);
  return {
    role: "assistant",
    content: null,
    tool_calls: [{ id: call.id, type: "function", function: { name: call.name, arguments: args } }],
  };
}
