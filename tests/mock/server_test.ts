/** @module The mock over a real socket, driven by the official `openai` client. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { countTokens } from "gpt-tokenizer";
import { startMockServer } from "../../mock/server.ts";
import { UserError } from "../../src/util/errors.ts";

const messages = [{ role: "user" as const, content: "Tell me about prefix caching. ".repeat(8) }];

async function withServer(
  config: Parameters<typeof startMockServer>[0],
  fn: (client: OpenAI, url: string) => Promise<void>,
) {
  const server = await startMockServer({ port: 0, ...config });
  const client = new OpenAI({
    baseURL: `${server.url}/v1`,
    apiKey: config?.config?.api_key ?? "unused",
    maxRetries: 0,
  });
  try {
    await fn(client, server.url);
  } finally {
    await server.stop();
  }
}

Deno.test("openai client streams from the mock with usage that gpt-tokenizer agrees with", async () => {
  await withServer({ preset: "fast", config: { seed: 9 } }, async (client, url) => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const stream = await client.chat.completions.create({
      model: "mock-model",
      messages,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 40,
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined | null;
    const ids = new Set<string>();
    for await (const chunk of stream) {
      ids.add(chunk.id);
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(ids.size, 1);
    assert.ok(usage);
    assert.ok(usage.completion_tokens >= 1 && usage.completion_tokens <= 40);
    assert.equal(countTokens(text), usage.completion_tokens);
    assert.equal(usage.prompt_tokens_details?.cached_tokens, 0);
  });
});

Deno.test("openai client gets a non-streaming completion and sees cache hits on round 2", async () => {
  await withServer({ preset: "fast" }, async (client) => {
    const a = await client.chat.completions.create({ model: "mock-model", messages });
    const b = await client.chat.completions.create({ model: "mock-model", messages });
    assert.equal(a.object, "chat.completion");
    assert.equal(a.usage?.prompt_tokens_details?.cached_tokens, 0);
    assert.ok((b.usage?.prompt_tokens_details?.cached_tokens ?? 0) > 0);
  });
});

Deno.test("openai client sees 401, 404 and 429 as its typed errors", async () => {
  await withServer({ config: { api_key: "k1" } }, async (client, url) => {
    const wrong = new OpenAI({ baseURL: `${url}/v1`, apiKey: "k2", maxRetries: 0 });
    await assert.rejects(
      wrong.chat.completions.create({ model: "mock-model", messages }),
      OpenAI.AuthenticationError,
    );
    await assert.rejects(
      client.chat.completions.create({ model: "nope", messages }),
      OpenAI.NotFoundError,
    );
    const limited = await client.chat.completions.create(
      { model: "mock-model", messages },
      { headers: { "x-mock-fault": "status=429" } },
    ).catch((e) => e);
    assert.ok(limited instanceof OpenAI.RateLimitError);
    assert.equal(limited.headers?.get("retry-after"), "1");
  });
});

Deno.test("openai client stream fails when the mock aborts mid-stream", async () => {
  await withServer({ preset: "fast" }, async (client) => {
    const stream = await client.chat.completions.create(
      { model: "mock-model", messages, stream: true, max_tokens: 30, ignore_eos: true } as never,
      { headers: { "x-mock-fault": "abort=5" } },
    ) as unknown as AsyncIterable<OpenAI.ChatCompletionChunk>;
    let content = 0;
    await assert.rejects(async () => {
      for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) content++;
    });
    assert.equal(content, 5);
  });
});

Deno.test("a busy port is one UserError line naming the address", async () => {
  const first = await startMockServer({ port: 0 });
  try {
    await assert.rejects(
      startMockServer({ port: first.port }),
      (e: unknown) =>
        e instanceof UserError &&
        e.message === `Cannot listen on 127.0.0.1:${first.port}: address already in use`,
    );
  } finally {
    await first.stop();
  }
});

Deno.test("stopping the server ends a stream still in flight", async () => {
  const server = await startMockServer({ config: { latency: { itl_ms: 50 } } });
  const res = await fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "mock-model", messages, stream: true, max_tokens: 100 }),
  });
  const reader = res.body!.getReader();
  await reader.read();
  await server.stop();
  await assert.rejects(async () => {
    for (;;) if ((await reader.read()).done) break;
  });
  assert.equal(server.mock.timings()[0].outcome, "cancelled");
});
