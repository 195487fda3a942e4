/**
 * @module Tests of tool-step replay in a conversation: the messages each request carries, and
 * their token counts against the mock's own rendering (so `context_tokens` = `prompt_tokens`).
 */
import assert from "node:assert/strict";
import { Conversation, PreparedSession } from "../../src/client/conversation.ts";
import {
  sessionRequests,
  SessionToolSteps,
  stepMessages,
  stepTokens,
} from "../../src/client/tool_steps.ts";
import type { Session } from "../../src/datasets/session.ts";
import { promptTokens } from "../../mock/prompt.ts";
import type { ChatMessage as MockMessage } from "../../mock/request.ts";

const weather = (id: string, place: string, result: string) => ({
  id,
  name: "get_weather",
  arguments: JSON.stringify({ place }),
  result,
});

const session: Session = {
  session_id: "agent-1",
  system: "You may call tools.",
  user_messages: ["Weather in Paris and Oslo?", "Thanks! And in Rome?"],
  tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }],
  turns: [
    {
      tool_steps: [
        {
          content: "Checking both.",
          calls: [
            weather("c1", "Paris", "12 °C, light rain, wind 20 km/h from the west"),
            weather("c2", "Oslo", "3 °C, clear sky"),
          ],
        },
        { calls: [weather("c3", "Paris", "Tomorrow: 15 °C and sunny all day long")] },
      ],
    },
    { tool_steps: [{ calls: [weather("c4", "Rome", "21 °C, sunny")] }] },
  ],
};

const mockCount = (messages: unknown[]) => promptTokens(messages as MockMessage[]).length;

Deno.test("a step appends the assistant's tool_calls and one tool message per call", () => {
  const step = session.turns![0].tool_steps![0];
  assert.deepEqual(stepMessages(step), [
    {
      role: "assistant",
      content: "Checking both.",
      tool_calls: [
        {
          id: "c1",
          type: "function",
          function: { name: "get_weather", arguments: '{"place":"Paris"}' },
        },
        {
          id: "c2",
          type: "function",
          function: { name: "get_weather", arguments: '{"place":"Oslo"}' },
        },
      ],
    },
    { role: "tool", tool_call_id: "c1", content: step.calls[0].result },
    { role: "tool", tool_call_id: "c2", content: step.calls[1].result },
  ]);
  // One request per user message plus one per step.
  assert.equal(sessionRequests(session), 2 + 3);
  const steps = new SessionToolSteps(session);
  assert.deepEqual([steps.count(0), steps.count(1)], [2, 1]);
  assert.deepEqual([0, 1, 2].map((j) => steps.callsBefore(0, j)), [0, 2, 1]);
  assert.equal(steps.recordedCallTokens(0, 2), undefined, "the turn's last request answers");
});

Deno.test("each request of a turn carries the steps so far; the history keeps them all", async () => {
  const conv = new Conversation(new PreparedSession(session), {
    maxContextTokens: 32_000,
    maxOutputTokens: 100,
  });
  const steps = session.turns![0].tool_steps!;
  const question = { role: "user", content: session.user_messages[0] };
  const system = { role: "system", content: session.system };
  assert.deepEqual((await conv.prompt(0, 0)).messages, [system, question]);
  assert.deepEqual((await conv.prompt(0, 1)).messages, [
    system,
    question,
    ...stepMessages(steps[0]),
  ]);
  const last = await conv.prompt(0, 2);
  assert.deepEqual(last.messages, [
    system,
    question,
    ...stepMessages(steps[0]),
    ...stepMessages(steps[1]),
  ]);
  conv.append(0, "Paris is rainy, Oslo is cold.");
  const next = (await conv.prompt(1, 0)).messages;
  assert.deepEqual(next, [
    ...last.messages,
    { role: "assistant", content: "Paris is rainy, Oslo is cold." },
    { role: "user", content: session.user_messages[1] },
  ]);
});

Deno.test("the client counts tool-step prompts exactly as the mock renders them", async () => {
  const conv = new Conversation(new PreparedSession(session), {
    maxContextTokens: 32_000,
    maxOutputTokens: 100,
  });
  const counted: number[] = [];
  const rendered: number[] = [];
  for (let turn = 0; turn < 2; turn++) {
    for (let step = 0; step <= (session.turns![turn].tool_steps?.length ?? 0); step++) {
      const plan = await conv.prompt(turn, step);
      counted.push(plan.contextTokens);
      rendered.push(mockCount(plan.messages));
    }
    conv.append(turn, "Noted: the weather.");
  }
  assert.deepEqual(counted, rendered);
  // Within a turn the prompt grows by exactly the step's messages.
  const s0 = session.turns![0].tool_steps!;
  assert.equal(counted[1] - counted[0], stepTokens(s0[0]));
  assert.equal(counted[2] - counted[1], stepTokens(s0[1]));
});

Deno.test("truncation drops whole old turns, tool messages with them, never the current steps", async () => {
  const prepared = new PreparedSession(session);
  const full = new Conversation(prepared, { maxContextTokens: 32_000, maxOutputTokens: 100 });
  full.append(0, "Paris is rainy, Oslo is cold.");
  const whole = await full.prompt(1, 1);
  const alone = await new Conversation(prepared, { maxContextTokens: 32_000, maxOutputTokens: 100 })
    .prompt(1, 1);
  // A window that fits turn 1 with its step but not turn 0's history as well.
  const limits = { maxContextTokens: alone.contextTokens + 100 + 1, maxOutputTokens: 100 };
  assert.ok(whole.contextTokens > alone.contextTokens + 1);
  const conv = new Conversation(prepared, limits);
  conv.append(0, "Paris is rainy, Oslo is cold.");
  const plan = await conv.prompt(1, 1);
  assert.equal(plan.droppedTurns, 1);
  assert.equal(plan.messageTruncated, false);
  assert.deepEqual(plan.messages, alone.messages);
  assert.ok(!plan.messages.some((m) => m.role === "tool" && m.tool_call_id === "c1"));
  assert.equal(plan.contextTokens, mockCount(plan.messages));
});
