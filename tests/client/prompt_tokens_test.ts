/** @module Tests of cutting a message to fit the window, with and without a text tokenizer. */
import assert from "node:assert/strict";
import { gptPromptTokens, loadPromptTokens, PromptTokens } from "../../src/client/prompt_tokens.ts";
import type { ChatMessage, PreparedPrompt, PromptCounter } from "../../src/tokens/tokenizer.ts";
import { UserError } from "../../src/util/errors.ts";

/** A server-like counter (no text tokenizer): 1 token per 3 characters, +7 framing. */
class ServerLike implements PromptCounter {
  readonly name = "server";
  readonly source = "server" as const;
  readonly rendering = "fake server";
  prepare(messages: readonly ChatMessage[]): Promise<PreparedPrompt> {
    const chars = messages.reduce((a, m) => a + m.content.length, 0);
    const n = Math.ceil(chars / 3) + 7;
    return Promise.resolve({ tokens: n, ids: Array.from({ length: n }, () => 1) });
  }
}

const build = (text: string): ChatMessage[] => [{ role: "user", content: text }];

Deno.test("cutToFit without a text tokenizer cuts by characters, keeps the end, and fits", async () => {
  const tokens = new PromptTokens(new ServerLike(), null);
  const text = "0123456789".repeat(300) + "THE END?";
  const { text: kept, prompt } = await tokens.cutToFit(text, build, 200);
  assert.ok(prompt.tokens <= 200, `${prompt.tokens}`);
  assert.ok(prompt.tokens >= 190, `${prompt.tokens}: uses the room`);
  assert.ok(text.endsWith(kept) && kept.endsWith("THE END?"));
});

Deno.test("cutToFit with gpt keeps the end in tokens and never splits a surrogate pair", async () => {
  const tokens = gptPromptTokens();
  const text = "😀 emoji and 北京 text, ".repeat(200) + "final question?";
  const { text: kept, prompt } = await tokens.cutToFit(text, build, 120);
  assert.ok(prompt.tokens <= 120 && prompt.tokens >= 110, `${prompt.tokens}`);
  assert.ok(kept.endsWith("final question?"));
  assert.doesNotMatch(kept, /^[\uDC00-\uDFFF\uFFFD]/);
  assert.deepEqual(await tokens.cutToFit("short", build, 120), {
    text: "short",
    prompt: await tokens.prepare(build("short")),
  });
});

Deno.test("cutToFit sends an empty message when even that does not fit", async () => {
  const tokens = new PromptTokens(new ServerLike(), null);
  const cut = await tokens.cutToFit("x".repeat(100), build, 5);
  assert.equal(cut.text, "");
});

Deno.test("loadPromptTokens: gpt is shared, a bad hf path is one line with exit 2", async () => {
  assert.equal(await loadPromptTokens("gpt", {}), gptPromptTokens());
  await assert.rejects(
    loadPromptTokens("hf:/no/such/tokenizer", {}),
    (e: Error) =>
      e instanceof UserError && e.exitCode === 2 &&
      e.message === 'Cannot read tokenizer "hf:/no/such/tokenizer": no such file or folder',
  );
});
