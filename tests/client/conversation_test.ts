/** @module Tests of history truncation on exact token counts, counted independently with gpt-tokenizer. */
import assert from "node:assert/strict";
import { countTokens } from "gpt-tokenizer";
import { Conversation, PreparedSession } from "../../src/client/conversation.ts";
import type { Session } from "../../src/datasets/session.ts";
import { MESSAGE_FRAMING_TOKENS, REPLY_PRIMING_TOKENS } from "../../src/util/chat_framing.ts";

// The framing of src/util/chat_framing.ts: 5 tokens per message, 3 to prime the reply.
const perMessage = (text: string) => countTokens(text) + MESSAGE_FRAMING_TOKENS;
const promptTokens = (texts: string[]) =>
  texts.reduce((n, t) => n + perMessage(t), 0) + REPLY_PRIMING_TOKENS;

const session: Session = {
  session_id: "s1",
  system: "You are a terse assistant for benchmark tests.",
  user_messages: [
    "What is the capital of France? Answer in one word.",
    "And what river runs through it, the one with the bridges?",
    "Name three museums there, separated by commas, with no other text.",
    "Which of them holds the Mona Lisa?",
  ],
};
const answers = [
  "Paris.",
  "The Seine, crossed by many bridges.",
  "Louvre, Orsay, Pompidou",
  "The Louvre.",
];

/** Replays turns 0..turn-1 with the canned answers, returns the plan of `turn`. */
function planAt(turn: number, maxContextTokens: number, maxOutputTokens = 100) {
  const conv = new Conversation(new PreparedSession(session), {
    maxContextTokens,
    maxOutputTokens,
  });
  for (let t = 0; t < turn; t++) {
    conv.prompt(t);
    conv.append(t, answers[t]);
  }
  return conv.prompt(turn);
}

Deno.test("conversation sends only the system prompt and the question on the first turn", () => {
  const plan = planAt(0, 4096);
  assert.deepEqual(plan.messages, [
    { role: "system", content: session.system },
    { role: "user", content: session.user_messages[0] },
  ]);
  assert.equal(plan.contextTokens, promptTokens([session.system!, session.user_messages[0]]));
  assert.equal(plan.droppedTurns, 0);
});

Deno.test("conversation appends each user/assistant pair with the text the server returned", () => {
  const plan = planAt(2, 4096);
  const texts = [
    session.system!,
    session.user_messages[0],
    answers[0],
    session.user_messages[1],
    answers[1],
    session.user_messages[2],
  ];
  assert.deepEqual(plan.messages.map((m) => m.content), texts);
  assert.deepEqual(plan.messages.map((m) => m.role), [
    "system",
    "user",
    "assistant",
    "user",
    "assistant",
    "user",
  ]);
  assert.equal(plan.contextTokens, promptTokens(texts));
});

Deno.test("conversation drops the oldest turns exactly when prompt + max output exceeds the window", () => {
  const full = [
    session.system!,
    ...[0, 1, 2].flatMap((t) => [session.user_messages[t], answers[t]]),
    session.user_messages[3],
  ];
  const need = promptTokens(full);
  const fits = planAt(3, need + 100);
  assert.equal(fits.droppedTurns, 0);
  assert.equal(fits.contextTokens, need);

  const oneShort = planAt(3, need + 100 - 1);
  assert.equal(oneShort.droppedTurns, 1);
  const withoutFirst = [full[0], ...full.slice(3)];
  assert.equal(oneShort.contextTokens, promptTokens(withoutFirst));
  assert.deepEqual(oneShort.messages.map((m) => m.content), withoutFirst);

  const firstPair = perMessage(full[1]) + perMessage(full[2]);
  const dropTwo = planAt(3, need - firstPair - 1 + 100);
  assert.equal(dropTwo.droppedTurns, 2);
  assert.equal(dropTwo.contextTokens, promptTokens([full[0], full[5], full[6], full[7]]));
});

Deno.test("conversation cuts a question too long on its own, keeps its end, and flags it", () => {
  const long = "Background sentence number one about nothing. ".repeat(200) +
    "Final question: what is it?";
  const s: Session = { session_id: "long", user_messages: ["short first", long] };
  const conv = new Conversation(new PreparedSession(s), {
    maxContextTokens: 300,
    maxOutputTokens: 100,
  });
  conv.prompt(0);
  conv.append(0, "ok");
  const plan = conv.prompt(1);
  assert.equal(plan.messageTruncated, true);
  assert.equal(plan.droppedTurns, 1);
  assert.equal(plan.messages.length, 1);
  const sent = plan.messages[0].content;
  assert.ok(long.endsWith(sent), "the cut keeps the end of the message");
  assert.ok(sent.endsWith("Final question: what is it?"));
  assert.equal(plan.contextTokens, promptTokens([sent]));
  assert.ok(plan.contextTokens + 100 <= 300, `context ${plan.contextTokens}`);
  assert.ok(plan.contextTokens + 100 >= 295, "the cut uses the room there is");
});

Deno.test("conversation reuses a known answer token count instead of recounting", () => {
  const conv = new Conversation(new PreparedSession(session), {
    maxContextTokens: 4096,
    maxOutputTokens: 100,
  });
  conv.append(0, answers[0], 1000);
  const plan = conv.prompt(1);
  const expected =
    promptTokens([session.system!, session.user_messages[0], session.user_messages[1]]) +
    1000 + MESSAGE_FRAMING_TOKENS;
  assert.equal(plan.contextTokens, expected);
});
