/**
 * @module Tests of the mock's tool-call answers (rate, tool_choice, OpenAI's streamed delta
 * format, the non-streamed message), its rendering of tool messages into the prompt and the
 * prefix cache, and `honour_min_tokens`.
 */
import assert from "node:assert/strict";
import { createMockApp } from "../../mock/app.ts";
import type { MockConfigInput } from "../../mock/config.ts";
import { promptTokens } from "../../mock/prompt.ts";
import { toolCallsText } from "../../src/util/tool_framing.ts";
import { countTokens } from "gpt-tokenizer";
import { postChat, sseChunks } from "./_helpers.ts";

const TOOLS = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object" } } },
  { type: "function", function: { name: "read_file", parameters: { type: "object" } } },
];
const config = (extra: MockConfigInput = {}): MockConfigInput => ({
  seed: 3,
  output: { distribution: "fixed", mean: 5 },
  ...extra,
});
const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    model: "mock-model",
    messages: [{ role: "user", content: "Weather in Paris?" }],
    ...extra,
  });

Deno.test("the mock streams a tool call in OpenAI's delta format, finish_reason tool_calls", async () => {
  const mock = createMockApp(config({ tool_call_rate: 1 }));
  try {
    const res = await postChat(
      mock,
      body({ tools: TOOLS, stream: true, stream_options: { include_usage: true }, max_tokens: 4 }),
    );
    const chunks = sseChunks(await res.text());
    const deltas = chunks.filter((c) => c.choices.length > 0).map((c) => c.choices[0].delta);
    const calls = deltas.filter((d) => d.tool_calls).map((d) => d.tool_calls[0]);
    assert.equal(calls.length, 4, "one chunk per output token");
    assert.equal(calls[0].index, 0);
    assert.match(calls[0].id, /^call_mock_\d+$/);
    assert.equal(calls[0].type, "function");
    assert.ok(TOOLS.some((t) => t.function.name === calls[0].function.name));
    for (const c of calls.slice(1)) {
      assert.deepEqual(Object.keys(c).sort(), ["function", "index"]);
      assert.deepEqual(Object.keys(c.function), ["arguments"]);
    }
    const args = calls.map((c) => c.function.arguments).join("");
    assert.deepEqual(Object.keys(JSON.parse(args)), ["input"], `arguments ${args}`);
    assert.ok(deltas.every((d) => !d.content), "no text content");
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    assert.equal(finish.choices[0].finish_reason, "tool_calls");
    assert.equal(chunks.at(-1).usage.completion_tokens, 4);
  } finally {
    mock.close();
  }
});

Deno.test("the mock answers with a call only when tools are sent and tool_choice allows it", async () => {
  const mock = createMockApp(config({ tool_call_rate: 1 }));
  const answer = async (extra: Record<string, unknown>) =>
    (await (await postChat(mock, body(extra))).json()).choices[0];
  try {
    const whole = await answer({ tools: TOOLS });
    assert.equal(whole.finish_reason, "tool_calls");
    assert.equal(whole.message.content, null);
    assert.equal(whole.message.tool_calls.length, 1);
    assert.equal(typeof JSON.parse(whole.message.tool_calls[0].function.arguments).input, "string");
    assert.equal((await answer({})).finish_reason, "stop", "no tools, no call");
    assert.equal((await answer({ tools: TOOLS, tool_choice: "none" })).finish_reason, "stop");
    const named = await answer({
      tools: TOOLS,
      tool_choice: { type: "function", function: { name: "read_file" } },
    });
    assert.equal(named.message.tool_calls[0].function.name, "read_file");
  } finally {
    mock.close();
  }
  const never = createMockApp(config({ tool_call_rate: 0 }));
  try {
    const r = await (await postChat(never, body({ tools: TOOLS }))).json();
    assert.equal(r.choices[0].finish_reason, "stop");
    const forced = await (await postChat(never, body({ tools: TOOLS, tool_choice: "required" })))
      .json();
    assert.equal(forced.choices[0].finish_reason, "tool_calls", "required forces a call");
  } finally {
    never.close();
  }
});

Deno.test("tool_call_rate is a seeded share of the requests carrying tools", async () => {
  const run = async (seed: number) => {
    const mock = createMockApp(config({ tool_call_rate: 0.3, seed }));
    try {
      const out: boolean[] = [];
      for (let i = 0; i < 200; i++) {
        const r = await (await postChat(mock, body({ tools: TOOLS }))).json();
        out.push(r.choices[0].finish_reason === "tool_calls");
      }
      return out;
    } finally {
      mock.close();
    }
  };
  const a = await run(11);
  assert.deepEqual(await run(11), a, "the same seed, the same answers");
  const share = a.filter(Boolean).length / a.length;
  assert.ok(share > 0.18 && share < 0.42, `share ${share}`);
});

Deno.test("the mock renders tool calls and tool results into the prompt it caches", async () => {
  const call = { id: "c1", type: "function", function: { name: "get_weather", arguments: "{}" } };
  const history = [
    { role: "user", content: "Weather in Paris?" },
    { role: "assistant", content: null, tool_calls: [call] },
    { role: "tool", tool_call_id: "c1", content: "12 °C and light rain over the whole city" },
  ];
  const ids = promptTokens(history as never);
  const text = toolCallsText(null, [call.function]);
  assert.equal(
    ids.length,
    3 * 5 + 3 + countTokens("Weather in Paris?") + countTokens(text) +
      countTokens(history[2].content!),
  );
  const mock = createMockApp(config({ cache: { block_size: 4 } }));
  try {
    const usage = async (messages: unknown[]) =>
      (await (await postChat(
        mock,
        JSON.stringify({ model: "mock-model", messages, tools: TOOLS }),
      )).json()).usage;
    const first = await usage(history.slice(0, 1));
    const second = await usage(history);
    assert.equal(second.prompt_tokens, ids.length);
    assert.equal(
      second.prompt_tokens_details.cached_tokens,
      4 * Math.floor(first.prompt_tokens / 4),
      "the growing prompt finds the previous one's full blocks",
    );
  } finally {
    mock.close();
  }
});

Deno.test("honour_min_tokens false answers as a server without min_tokens and ignore_eos", async () => {
  const mock = createMockApp(config({ honour_min_tokens: false }));
  try {
    const exact = { max_tokens: 40, min_tokens: 40, ignore_eos: true };
    const r = await (await postChat(mock, body(exact))).json();
    assert.deepEqual([r.usage.completion_tokens, r.choices[0].finish_reason], [5, "stop"]);
  } finally {
    mock.close();
  }
  const honours = createMockApp(config());
  try {
    const r = await (await postChat(honours, body({ max_tokens: 40, min_tokens: 40 }))).json();
    assert.equal(r.usage.completion_tokens, 40);
  } finally {
    honours.close();
  }
});
