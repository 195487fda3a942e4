/** @module Tests of history truncation on exact token counts, counted independently with gpt-tokenizer. */
import assert from "node:assert/strict";
import { countTokens } from "gpt-tokenizer";
import { Conversation, PreparedSession } from "../../src/client/conversation.ts";
import type { Session } from "../../src/datasets/session.ts";
import { PromptTokens } from "../../src/client/prompt_tokens.ts";
import { GptPromptCounter } from "../../src/tokens/gpt.ts";
import type {
  ChatMessage as TokChatMessage,
  PreparedPrompt,
  PromptCounter,
} from "../../src/tokens/tokenizer.ts";
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
async function planAt(turn: number, maxContextTokens: number, maxOutputTokens = 100) {
  const conv = new Conversation(new PreparedSession(session), {
    maxContextTokens,
    maxOutputTokens,
  });
  for (let t = 0; t < turn; t++) {
    await conv.prompt(t);
    conv.append(t, answers[t]);
  }
  return await conv.prompt(turn);
}

Deno.test("conversation sends only the system prompt and the question on the first turn", async () => {
  const plan = await planAt(0, 4096);
  assert.deepEqual(plan.messages, [
    { role: "system", content: session.system },
    { role: "user", content: session.user_messages[0] },
  ]);
  assert.equal(plan.contextTokens, promptTokens([session.system!, session.user_messages[0]]));
  assert.equal(plan.droppedTurns, 0);
});

Deno.test("conversation appends each user/assistant pair with the text the server returned", async () => {
  const plan = await planAt(2, 4096);
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

Deno.test("conversation drops the oldest turns exactly when prompt + max output exceeds the window", async () => {
  const full = [
    session.system!,
    ...[0, 1, 2].flatMap((t) => [session.user_messages[t], answers[t]]),
    session.user_messages[3],
  ];
  const need = promptTokens(full);
  const fits = await planAt(3, need + 100);
  assert.equal(fits.droppedTurns, 0);
  assert.equal(fits.contextTokens, need);

  const oneShort = await planAt(3, need + 100 - 1);
  assert.equal(oneShort.droppedTurns, 1);
  const withoutFirst = [full[0], ...full.slice(3)];
  assert.equal(oneShort.contextTokens, promptTokens(withoutFirst));
  assert.deepEqual(oneShort.messages.map((m) => m.content), withoutFirst);

  const firstPair = perMessage(full[1]) + perMessage(full[2]);
  const dropTwo = await planAt(3, need - firstPair - 1 + 100);
  assert.equal(dropTwo.droppedTurns, 2);
  assert.equal(dropTwo.contextTokens, promptTokens([full[0], full[5], full[6], full[7]]));
});

Deno.test("conversation cuts a question too long on its own, keeps its end, and flags it", async () => {
  const long = "Background sentence number one about nothing. ".repeat(200) +
    "Final question: what is it?";
  const s: Session = { session_id: "long", user_messages: ["short first", long] };
  const conv = new Conversation(new PreparedSession(s), {
    maxContextTokens: 300,
    maxOutputTokens: 100,
  });
  await conv.prompt(0);
  conv.append(0, "ok");
  const plan = await conv.prompt(1);
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

Deno.test("conversation gives the prompt's ids as the counter renders them", async () => {
  const plan = await planAt(1, 4096);
  const again = await new GptPromptCounter().prepare(plan.messages);
  assert.deepEqual(plan.ids, again.ids);
  assert.equal(plan.ids.length, plan.contextTokens);
});

/**
 * A counter whose prompts do not add up message by message (a template that folds the system
 * prompt into the first user turn, as LLaMA-2's does): 1 token per character, +50 for a prompt
 * whose first message is a system message followed by an assistant-less user turn.
 */
class FoldingCounter implements PromptCounter {
  readonly name = "fake";
  readonly source = "hf" as const;
  readonly rendering = "fake";
  calls = 0;
  prepare(messages: readonly TokChatMessage[]): Promise<PreparedPrompt> {
    this.calls++;
    let n = messages.reduce((a, m) => a + m.content.length, 0);
    if (messages[0]?.role === "system" && messages.length === 2) n += 50;
    return Promise.resolve({ tokens: n, ids: Array.from({ length: n }, (_, i) => i) });
  }
}

Deno.test("conversation fits the whole rendered prompt, not a sum of messages", async () => {
  const counter = new FoldingCounter();
  const tokens = new PromptTokens(counter, null);
  const s: Session = {
    session_id: "f",
    system: "S".repeat(10),
    user_messages: ["a".repeat(20), "b".repeat(20)],
  };
  const conv = new Conversation(new PreparedSession(s, tokens), {
    maxContextTokens: 100 + 72,
    maxOutputTokens: 100,
  });
  conv.append(0, "c".repeat(20));
  // whole: 10 + 20 + 20 + 20 = 70 fits 72; the system+question alone would cost 10+20+50 = 80.
  const whole = await conv.prompt(1);
  assert.equal(whole.droppedTurns, 0);
  assert.equal(whole.contextTokens, 70);
  assert.equal(whole.messageTruncated, false);
  const tight = new Conversation(new PreparedSession(s, tokens), {
    maxContextTokens: 100 + 69,
    maxOutputTokens: 100,
  });
  tight.append(0, "c".repeat(20));
  // Dropping the pair costs more (the fold): the question is cut to fit instead.
  const cut = await tight.prompt(1);
  assert.equal(cut.messageTruncated, true);
  assert.ok(cut.contextTokens <= 69, `${cut.contextTokens}`);
  assert.ok(cut.contextTokens >= 60, "the cut uses the room there is");
  assert.equal(cut.messages.at(-1)!.content, "b".repeat(cut.messages.at(-1)!.content.length));
});

Deno.test("conversation drops the fewest pairs, found by bisection", async () => {
  const counter = new FoldingCounter();
  const tokens = new PromptTokens(counter, null);
  const s: Session = {
    session_id: "b",
    user_messages: Array.from({ length: 17 }, (_, i) => String(i % 10).repeat(10)),
  };
  const conv = new Conversation(new PreparedSession(s, tokens), {
    maxContextTokens: 1000 + 105,
    maxOutputTokens: 1000,
  });
  for (let t = 0; t < 16; t++) conv.append(t, "x".repeat(10));
  counter.calls = 0;
  // 16 pairs of 20 + question 10 = 330; fits 105 with 12 pairs dropped (4 × 20 + 10 = 90).
  const plan = await conv.prompt(16);
  assert.equal(plan.droppedTurns, 12);
  assert.equal(plan.contextTokens, 90);
  assert.ok(counter.calls <= 2 + Math.ceil(Math.log2(16)), `${counter.calls} counts`);
});

Deno.test("conversation cuts a question once per window and reuses the cut in later rounds", async () => {
  const counter = new FoldingCounter();
  const tokens = new PromptTokens(counter, null);
  const s: Session = { session_id: "c", user_messages: ["q".repeat(500)] };
  const prepared = new PreparedSession(s, tokens);
  const limits = { maxContextTokens: 1100, maxOutputTokens: 1000 };
  const first = await new Conversation(prepared, limits).prompt(0);
  const calls = counter.calls;
  const second = await new Conversation(prepared, limits).prompt(0);
  assert.deepEqual(second.messages, first.messages);
  assert.ok(first.contextTokens <= 100);
  assert.equal(
    counter.calls - calls,
    1,
    "round 2 counts the whole prompt once, then reuses the cut",
  );
});
