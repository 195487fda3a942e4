/** @module Prompt token counting over the mock's ChatML-like framing. */
import assert from "node:assert/strict";
import { countTokens } from "gpt-tokenizer";
import { blockHashes } from "../../mock/prefix_cache.ts";
import { outputWord, promptTokens, renderTokens } from "../../mock/prompt.ts";
import { PromptCounter } from "../../mock/prompt_counter.ts";
import { MESSAGE_FRAMING_TOKENS, REPLY_PRIMING_TOKENS } from "../../src/util/chat_framing.ts";

Deno.test("a chat costs its content tokens plus the framing the client counts: 5 per message, 3 to prime", () => {
  assert.deepEqual([MESSAGE_FRAMING_TOKENS, REPLY_PRIMING_TOKENS], [5, 3]);
  const one = [{ role: "user" as const, content: "Hello, how are you today?" }];
  assert.equal(promptTokens(one).length, countTokens("Hello, how are you today?") + 8);
  const two = [{ role: "system" as const, content: "Be brief." }, ...one];
  assert.equal(
    promptTokens(two).length,
    countTokens("Be brief.") + countTokens("Hello, how are you today?") + 13,
  );
});

Deno.test("a later turn's tokens start with the earlier turn's tokens", () => {
  const turn1 = [{ role: "user" as const, content: "First question?" }];
  const turn2 = [...turn1, { role: "assistant" as const, content: "An answer." }, {
    role: "user" as const,
    content: "Second?",
  }];
  const a = promptTokens(turn1);
  assert.deepEqual(promptTokens(turn2).slice(0, a.length), a);
});

Deno.test("special-token text in a message is plain text and content parts count", () => {
  const tricky = [{ role: "user" as const, content: "see <|endoftext|> here" }];
  assert.ok(promptTokens(tricky).length > 8);
  const parts = [{
    role: "user" as const,
    content: [{ type: "text", text: "Hello, how are you today?" }, { type: "image_url" }],
  }];
  assert.equal(promptTokens(parts).length, countTokens("Hello, how are you today?") + 8);
});

Deno.test("output words re-encode to one token each", () => {
  for (const salt of [0, 5, 123]) {
    const text = Array.from({ length: 300 }, (_, i) => outputWord(i, salt)).join("");
    assert.equal(countTokens(text), 300);
  }
});

Deno.test("long prompts are counted in a worker with the same tokens and block hashes", async () => {
  const long = "The quick brown fox jumps over the lazy dog. ".repeat(400);
  const parts = [{ role: "system", text: "Be brief." }, { role: "user", text: long }];
  const counter = new PromptCounter(16);
  try {
    const measured = await counter.measure(parts);
    const tokens = renderTokens(parts);
    assert.equal(measured.count, tokens.length);
    assert.deepEqual(Array.from(measured.hashes), blockHashes(tokens, 16));
    const short = await counter.measure([{ role: "user", text: "Hello" }]);
    assert.equal(short.count, 9);
  } finally {
    counter.close();
  }
});

Deno.test("closing the counter rejects a measure still in the worker", async () => {
  const counter = new PromptCounter(16);
  const pending = counter.measure([{ role: "user", text: "word ".repeat(5000) }]);
  counter.close();
  await assert.rejects(pending, /closed/);
});
