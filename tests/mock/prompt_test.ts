/** @module Prompt token counting over the mock's ChatML-like framing. */
import assert from "node:assert/strict";
import { countTokens } from "gpt-tokenizer";
import { outputWord, promptTokens } from "../../mock/prompt.ts";

Deno.test("a chat costs its content tokens plus 5 per message and 3 to prime the reply", () => {
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
