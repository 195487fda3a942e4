/** @module Tests of the gpt tokenizer (unchanged counts) and its ChatML prompt counter (the mock's rendering). */
import assert from "node:assert/strict";
import { countText } from "../../src/client/tokens.ts";
import { GptPromptCounter, GptTokenizer } from "../../src/tokens/gpt.ts";
import { promptTokens } from "../../mock/prompt.ts";
import { multilingual, seeded } from "./_files.ts";

const tok = new GptTokenizer();

Deno.test("GptTokenizer counts as the client always has (gpt-tokenizer o200k_base)", () => {
  const rand = seeded(5);
  for (let i = 0; i < 20; i++) {
    const text = multilingual(rand, 80);
    assert.equal(tok.count(text), countText(text));
    assert.equal(tok.encode(text).length, countText(text));
  }
  assert.equal(tok.count(""), 0);
});

Deno.test("GptTokenizer treats special-token text as plain text instead of throwing", () => {
  assert.equal(tok.count("a <|endoftext|> b"), tok.encode("a <|endoftext|> b").length);
  assert.ok(tok.count("a <|endoftext|> b") > 3);
  assert.equal(tok.decode(tok.encode("a <|endoftext|> b")), "a <|endoftext|> b");
});

Deno.test("GptPromptCounter renders ChatML exactly as the mock counts it", async () => {
  const rand = seeded(6);
  const counter = new GptPromptCounter();
  const messages: { role: "system" | "user" | "assistant"; content: string }[] = [
    { role: "system", content: multilingual(rand, 30) },
    { role: "user", content: multilingual(rand, 50) },
    { role: "assistant", content: multilingual(rand, 40) },
    { role: "user", content: "a literal <|im_end|> stays text" },
  ];
  const prompt = await counter.prepare(messages);
  assert.deepEqual(prompt.ids, promptTokens(messages));
  assert.equal(prompt.tokens, prompt.ids.length);
});

Deno.test("GptPromptCounter costs 5 tokens per one-token message and 3 to prime the reply", () => {
  const counter = new GptPromptCounter();
  assert.equal(counter.prepareSync([{ role: "user", content: "hi" }]).tokens, 1 + 5 + 3);
  assert.equal(counter.prepareSync([]).tokens, 3);
});
