/** @module Tests for the agentic session shape: tool calls and results become tool steps. */
import assert from "node:assert/strict";
import { MergeParams, mergeSessions } from "../../src/datasets/merge.ts";
import { readSessions } from "../../src/datasets/reader.ts";
import type { Session } from "../../src/datasets/session.ts";
import { Session as SessionSchema } from "../../src/datasets/session.ts";
import { sessionLine } from "../../src/datasets/session_writer.ts";
import { extractTurns } from "../../src/datasets/shapes.ts";
import { convertShareGpt, ConvertShareGptParams } from "../../src/datasets/sharegpt.ts";
import { readJsonl, withTempDir } from "./helpers.ts";

const WEATHER = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } } },
  },
};

/** An OpenAI chat with two parallel calls answered out of order, then a second user turn. */
const openAiChat = {
  id: "agent-1",
  tools: [WEATHER],
  messages: [
    { role: "system", content: "You may call tools." },
    { role: "user", content: "Weather in Paris and Oslo?" },
    {
      role: "assistant",
      content: null,
      tool_calls: [
        {
          id: "c1",
          type: "function",
          function: { name: "get_weather", arguments: '{"city":"Paris"}' },
        },
        {
          id: "c2",
          type: "function",
          function: { name: "get_weather", arguments: { city: "Oslo" } },
        },
      ],
    },
    { role: "tool", tool_call_id: "c2", content: "Oslo: 3 °C, snow" },
    { role: "tool", tool_call_id: "c1", content: [{ type: "text", text: "Paris: 12 °C" }] },
    { role: "assistant", content: "Paris is warmer." },
    { role: "user", content: "Thanks!" },
    { role: "assistant", content: "You are welcome." },
  ],
};

const expectedTurns = [
  {
    tool_steps: [{
      calls: [
        { id: "c1", name: "get_weather", arguments: '{"city":"Paris"}', result: "Paris: 12 °C" },
        { id: "c2", name: "get_weather", arguments: '{"city":"Oslo"}', result: "Oslo: 3 °C, snow" },
      ],
    }],
  },
  {},
];

async function readAll(path: string): Promise<Session[]> {
  const out: Session[] = [];
  for await (const s of readSessions(path)) out.push(s);
  return out;
}

Deno.test("OpenAI messages with tool roles become user turns with tool steps and the tools", () => {
  const turns = extractTurns(openAiChat);
  assert.ok(typeof turns !== "string", String(turns));
  assert.deepEqual(turns.user, ["Weather in Paris and Oslo?", "Thanks!"]);
  assert.equal(turns.system, "You may call tools.");
  assert.deepEqual(turns.turns, expectedTurns);
  assert.deepEqual(turns.tools, [WEATHER]);
});

Deno.test("ShareGPT function_call and observation turns read the same way, tools as JSON text", () => {
  const record = {
    conversations: [
      { from: "human", value: "Weather in Paris?" },
      { from: "function_call", value: '{"name": "get_weather", "arguments": {"city": "Paris"}}' },
      { from: "observation", value: "Paris: 12 °C" },
      { from: "gpt", value: "12 degrees." },
    ],
    tools: JSON.stringify([WEATHER.function]),
  };
  const turns = extractTurns(record);
  assert.ok(typeof turns !== "string", String(turns));
  assert.deepEqual(turns.turns, [{
    tool_steps: [{
      calls: [{
        id: "call_0",
        name: "get_weather",
        arguments: '{"city":"Paris"}',
        result: "Paris: 12 °C",
      }],
    }],
  }]);
  assert.deepEqual(turns.tools, [WEATHER]);
});

Deno.test("tool use that cannot be placed is an error naming the message", () => {
  const cases: [unknown[], string][] = [
    [
      [{ role: "tool", tool_call_id: "x", content: "r" }],
      `"messages"[0]: tool result for "x" matches no tool call before it`,
    ],
    [
      [{ role: "assistant", tool_calls: [{ function: { name: "f" } }] }],
      `"messages"[0]: tool call before the first user message`,
    ],
    [
      [{ role: "user", content: "q" }, { role: "assistant", tool_calls: [{ function: {} }] }],
      `"messages"[1]: "tool_calls"[0].function.name is not a string`,
    ],
  ];
  for (const [messages, message] of cases) assert.equal(extractTurns({ messages }), message);
  assert.equal(extractTurns({ messages: [], tools: "[oops" }), `"tools" is text but not JSON`);
});

Deno.test("readSessions reads the agentic shape, and its own output back unchanged", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/agent.jsonl`;
    await Deno.writeTextFile(path, JSON.stringify(openAiChat) + "\n");
    const [session] = await readAll(path);
    assert.deepEqual(session.turns, expectedTurns);
    assert.deepEqual(session.tools, [WEATHER]);
    assert.ok(SessionSchema.safeParse(session).success);
    const again = `${dir}/again.jsonl`;
    await Deno.writeTextFile(again, sessionLine(session) + "\n");
    assert.deepEqual(await readAll(again), [session]);
  });
});

Deno.test("readSessions keeps per-turn extras of the session shape, dropping them with blank turns", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/s.jsonl`;
    const line = {
      session_id: "s",
      user_messages: ["a", " ", "c"],
      turns: [{ output_tokens: 5 }, { output_tokens: 6 }, { think_time_ms: 250, future_key: 1 }],
    };
    await Deno.writeTextFile(path, JSON.stringify(line) + "\n");
    const [session] = await readAll(path);
    assert.deepEqual(session.user_messages, ["a", "c"]);
    assert.deepEqual(session.turns, [{ output_tokens: 5 }, { think_time_ms: 250, future_key: 1 }]);
  });
});

Deno.test("readSessions names the bad field of a session's turns with file:line", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/bad.jsonl`;
    const ok = JSON.stringify({ session_id: "ok", user_messages: ["old shape"] });
    const short = JSON.stringify({ user_messages: ["a", "b"], turns: [{}] });
    const wrong = JSON.stringify({
      user_messages: ["a"],
      turns: [{ tool_steps: [{ calls: [{ id: "c", name: "f", arguments: "{}", result: 3 }] }] }],
    });
    await Deno.writeTextFile(path, [ok, short, wrong].join("\n") + "\n");
    await assert.rejects(() => readAll(path), (e: Error) => {
      assert.equal(e.message, `${path}:2: "turns" has 1 entries for 2 user messages`);
      return true;
    });
    const skipped: string[] = [];
    const kept = [];
    for await (
      const s of readSessions(path, {
        skipInvalid: true,
        onSkip: (e) => skipped.push(e.message),
      })
    ) {
      kept.push(s.session_id);
    }
    assert.deepEqual(kept, ["ok"]);
    assert.match(
      skipped[1],
      /bad\.jsonl:3: "turns"\[0\]\.tool_steps\[0\]\.calls\[0\]\.result: .*string/,
    );
  });
});

Deno.test("convert-sharegpt and merge carry tool steps and tools through", async () => {
  await withTempDir(async (dir) => {
    const input = `${dir}/agents.json`;
    const plain = { id: "plain", conversations: [{ from: "human", value: "hi" }] };
    await Deno.writeTextFile(input, JSON.stringify([openAiChat, plain], null, 2));
    const converted = `${dir}/converted.jsonl`;
    await convertShareGpt(ConvertShareGptParams.parse({ input }), { output: converted });
    const sessions = await readJsonl<Session>(converted);
    assert.deepEqual(sessions.map((s) => s.session_id), ["sharegpt-agent-1", "sharegpt-plain"]);
    assert.deepEqual(sessions[0].turns, expectedTurns);
    assert.deepEqual(sessions[0].tools, [WEATHER]);
    assert.equal(sessions[1].turns, undefined);
    const merged = `${dir}/merged.jsonl`;
    await mergeSessions(MergeParams.parse({ inputs: [converted] }), { output: merged });
    assert.deepEqual((await readJsonl<Session>(merged))[0].turns, expectedTurns);
  });
});
