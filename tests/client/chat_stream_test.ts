/** @module Tests of reading SSE chat events: split feeds, non-content chunks, reasoning, usage. */
import assert from "node:assert/strict";
import { ChatStream } from "../../src/client/chat_stream.ts";

const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
const delta = (d: Record<string, unknown>) => ({ choices: [{ index: 0, delta: d }] });

Deno.test("ChatStream times content chunks even when events are split across reads", () => {
  const s = new ChatStream();
  const text = event(delta({ role: "assistant" })) + event(delta({ content: "Hel" })) +
    event(delta({ content: "lo" }));
  const cut = text.indexOf("Hel") + 1;
  s.feed(text.slice(0, cut), 10);
  assert.equal(s.firstContentAt, null, "a role-only chunk and half an event are not content");
  s.feed(text.slice(cut, text.lastIndexOf("lo")), 25);
  s.feed(text.slice(text.lastIndexOf("lo")), 40);
  assert.equal(s.firstContentAt, 25);
  assert.deepEqual(s.itl, [15]);
  assert.equal(s.text, "Hello");
});

Deno.test("ChatStream keeps usage, finish_reason and [DONE] but never counts them as content", () => {
  const s = new ChatStream();
  s.feed(event({ choices: [{ index: 0, delta: {}, finish_reason: "length" }] }), 1);
  s.feed(
    event({
      choices: [],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 5,
        prompt_tokens_details: { cached_tokens: 8 },
      },
    }),
    2,
  );
  s.feed("data: [DONE]\n\n", 3);
  assert.equal(s.firstContentAt, null);
  assert.equal(s.finishReason, "length");
  assert.deepEqual(s.usage, { promptTokens: 12, completionTokens: 5, cachedTokens: 8 });
  assert.equal(s.done, true);
});

Deno.test("ChatStream times reasoning deltas but leaves them out of the answer text", () => {
  const s = new ChatStream();
  s.feed(event(delta({ reasoning_content: "thinking" })), 5);
  s.feed(event(delta({ content: "answer" })), 9);
  assert.equal(s.firstContentAt, 5);
  assert.deepEqual(s.itl, [4]);
  assert.equal(s.text, "answer");
});

Deno.test("ChatStream reports unparsable data as an error", () => {
  const s = new ChatStream();
  s.feed("data: {not json\n\n", 1);
  assert.match(s.error ?? "", /Cannot parse stream event "\{not json": not JSON/);
});

Deno.test("ChatStream counts streamed tool calls by index and times their chunks as content", () => {
  const s = new ChatStream();
  const event = (delta: unknown, finish: string | null = null) =>
    `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  s.feed(event({ role: "assistant", content: "" }), 1);
  s.feed(
    event({
      tool_calls: [{
        index: 0,
        id: "c1",
        type: "function",
        function: { name: "f", arguments: "" },
      }],
    }),
    2,
  );
  s.feed(event({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }), 3);
  s.feed(
    event({ tool_calls: [{ index: 1, id: "c2", function: { name: "g", arguments: "{}" } }] }),
    5,
  );
  s.feed(event({}, "tool_calls") + "data: [DONE]\n\n", 6);
  assert.equal(s.toolCalls, 2);
  assert.equal(s.firstContentAt, 2);
  assert.deepEqual(s.itl, [1, 2]);
  assert.equal(s.text, "");
  assert.equal(s.finishReason, "tool_calls");
});
