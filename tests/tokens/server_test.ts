/** @module Tests of the server prompt counter against fake vLLM and llama.cpp endpoints, and against a real llama-server. */
import assert from "node:assert/strict";
import { ServerPromptCounter } from "../../src/tokens/server.ts";
import { UserError } from "../../src/util/errors.ts";
import { llamaTest, startLlamaServer } from "../_llama/server.ts";
import { startFake } from "./_fake.ts";

const hi = [{ role: "user", content: "hi" }];

Deno.test("ServerPromptCounter counts with vLLM's /tokenize and the messages", async () => {
  const fake = startFake({
    "POST /tokenize": (body) => {
      const b = body as { messages?: unknown[]; model?: string; add_generation_prompt?: boolean };
      if (!b.messages) return { tokens: [], count: 0 };
      return { count: 3, max_model_len: 4096, tokens: [7, 8, 9], token_strs: null };
    },
  });
  try {
    const counter = new ServerPromptCounter(`${fake.origin}/v1/chat/completions`, { model: "m" });
    const p = await counter.prepare(hi);
    assert.deepEqual(p, { tokens: 3, ids: [7, 8, 9] });
    assert.equal(counter.api, "vllm");
    assert.equal(counter.contextWindow, 4096);
    const tokenize = fake.calls.find((c) => c.call === "POST /tokenize")!;
    assert.deepEqual(tokenize.body, { model: "m", messages: hi, add_generation_prompt: true });
  } finally {
    await fake.close();
  }
});

Deno.test("ServerPromptCounter counts with llama.cpp's /apply-template then /tokenize", async () => {
  const fake = startFake({
    "POST /apply-template": () => ({ prompt: "[INST] hi [/INST]" }),
    // llama.cpp's /tokenize ignores messages: an empty answer must not pass for vLLM's.
    "POST /tokenize": (body) => ({
      tokens: (body as { content?: string }).content ? [1, 5, 6, 7] : [],
    }),
  });
  try {
    const counter = new ServerPromptCounter(fake.origin);
    const p = await counter.prepare(hi);
    assert.deepEqual(p, { tokens: 4, ids: [1, 5, 6, 7] });
    assert.equal(counter.api, "llamacpp");
    assert.deepEqual(fake.calls.map((c) => c.call), ["POST /apply-template", "POST /tokenize"]);
    assert.deepEqual(fake.calls[1].body, { content: "[INST] hi [/INST]", add_special: true });
  } finally {
    await fake.close();
  }
});

Deno.test("ServerPromptCounter asks the server once per distinct prompt", async () => {
  const fake = startFake({
    "POST /apply-template": () => ({ prompt: "p" }),
    "POST /tokenize": () => ({ tokens: [1, 2] }),
  });
  try {
    const counter = new ServerPromptCounter(fake.origin, { api: "llamacpp" });
    await counter.prepare(hi);
    await counter.prepare([{ role: "user", content: "hi" }]);
    assert.equal(fake.calls.length, 2);
    await counter.prepare([{ role: "user", content: "other" }]);
    assert.equal(fake.calls.length, 4);
  } finally {
    await fake.close();
  }
});

Deno.test("ServerPromptCounter says in one line when the server can count neither way", async () => {
  const fake = startFake({ "POST /v1/chat/completions": () => ({}) });
  try {
    const counter = new ServerPromptCounter(fake.origin);
    await assert.rejects(
      () => counter.prepare(hi),
      (e: unknown) =>
        e instanceof UserError && e.exitCode === 2 &&
        e.message ===
          `Cannot count tokens with the server at "${fake.origin}": it has neither vLLM's ` +
            `POST /tokenize with messages nor llama.cpp's POST /apply-template (choose another tokenizer)`,
    );
  } finally {
    await fake.close();
  }
});

Deno.test("ServerPromptCounter passes on a template error of llama.cpp in one line", async () => {
  const fake = startFake({
    "POST /apply-template": () =>
      Response.json({ error: { code: 400, message: "Conversation roles must alternate" } }, {
        status: 400,
      }),
  });
  try {
    const counter = new ServerPromptCounter(fake.origin);
    await assert.rejects(
      () => counter.prepare(hi),
      (e: unknown) =>
        e instanceof UserError &&
        e.message.startsWith(
          `Cannot count tokens with "${fake.origin}/apply-template": HTTP 400 `,
        ) &&
        e.message.includes("Conversation roles must alternate"),
    );
  } finally {
    await fake.close();
  }
});

Deno.test("ServerPromptCounter names an unreachable server", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const counter = new ServerPromptCounter(`http://127.0.0.1:${port}`);
  await assert.rejects(
    () => counter.prepare(hi),
    (e: unknown) =>
      e instanceof UserError &&
      e.message.startsWith(`Cannot count tokens with "http://127.0.0.1:${port}/apply-template": `),
  );
});

llamaTest(
  "ServerPromptCounter on llama-server counts what usage.prompt_tokens reports",
  async (files) => {
    const server = await startLlamaServer(files);
    try {
      const counter = new ServerPromptCounter(server.endpoint);
      const messages = [
        { role: "system", content: "Antworte kurz. 简短回答。" },
        { role: "user", content: "Wie spät ist es in 東京? </s> and <s> stay special" },
      ];
      const prompt = await counter.prepare(messages);
      assert.equal(counter.api, "llamacpp");
      const res = await fetch(server.endpoint, {
        method: "POST",
        body: JSON.stringify({ messages, max_tokens: 2, stream: false }),
      });
      const usage = (await res.json()).usage;
      assert.equal(prompt.tokens, usage.prompt_tokens);
      assert.equal(prompt.ids[0], 1);
    } finally {
      await server.stop();
    }
  },
);

Deno.test("ServerPromptCounter probes the server once for prompts counted at the same time", async () => {
  const fake = startFake({ "POST /tokenize": () => ({ count: 1, tokens: [1] }) });
  try {
    const counter = new ServerPromptCounter(fake.origin);
    await Promise.all([0, 1, 2].map((i) => counter.prepare([{ role: "user", content: `q${i}` }])));
    // One probe of llama.cpp's /apply-template (404), then /tokenize for each prompt.
    assert.deepEqual(fake.calls.map((c) => c.call), [
      "POST /apply-template",
      "POST /tokenize",
      "POST /tokenize",
      "POST /tokenize",
    ]);
    assert.equal(counter.api, "vllm");
  } finally {
    await fake.close();
  }
});
