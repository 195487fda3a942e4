/** @module In-process tests of the mock app's OpenAI protocol (`app.request`, no socket). */
import assert from "node:assert/strict";
import { createMockApp } from "../../mock/app.ts";
import { chatBody, postChat, sseChunks, sseData } from "./_helpers.ts";

const fixed = (mean: number) => ({
  seed: 3,
  output: { distribution: "fixed" as const, mean, min: 1, max: 4096 },
});

Deno.test("mock app lists its models and answers health", async () => {
  const mock = createMockApp({ models: ["a-model", "b-model"] });
  try {
    const models = await (await mock.app.request("/v1/models")).json();
    assert.deepEqual(models.data.map((m: { id: string }) => m.id), ["a-model", "b-model"]);
    const health = await mock.app.request("/health");
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });
  } finally {
    mock.close();
  }
});

Deno.test("mock app streams role, content, finish, usage and [DONE] under one id", async () => {
  const mock = createMockApp(fixed(5));
  try {
    const res = await postChat(
      mock,
      chatBody({ stream: true, stream_options: { include_usage: true } }),
    );
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const text = await res.text();
    const data = sseData(text);
    assert.equal(data.at(-1), "[DONE]");
    const chunks = sseChunks(text);
    assert.equal(new Set(chunks.map((c) => c.id)).size, 1);
    assert.ok(chunks.every((c) => c.object === "chat.completion.chunk"));
    assert.deepEqual(chunks[0].choices[0].delta, { role: "assistant", content: "" });
    const content = chunks.slice(1, -2);
    assert.equal(content.length, 5);
    assert.ok(content.every((c) => typeof c.choices[0].delta.content === "string"));
    const finish = chunks.at(-2);
    assert.equal(finish.choices[0].finish_reason, "stop");
    assert.ok(chunks.slice(0, -1).every((c) => c.usage === null));
    const usage = chunks.at(-1).usage;
    assert.deepEqual(chunks.at(-1).choices, []);
    assert.equal(usage.completion_tokens, 5);
    assert.equal(usage.total_tokens, usage.prompt_tokens + 5);
    assert.equal(typeof usage.prompt_tokens_details.cached_tokens, "number");
  } finally {
    mock.close();
  }
});

Deno.test("mock app leaves usage out of chunks unless include_usage is asked", async () => {
  const mock = createMockApp(fixed(3));
  try {
    const chunks = sseChunks(await (await postChat(mock, chatBody({ stream: true }))).text());
    assert.ok(chunks.every((c) => !("usage" in c)));
    assert.equal(chunks.at(-1).choices[0].finish_reason, "stop");
  } finally {
    mock.close();
  }
});

Deno.test("non-streaming completion carries the text and usage with cached_tokens", async () => {
  const mock = createMockApp(fixed(7));
  try {
    const body = await (await postChat(mock, chatBody())).json();
    assert.equal(body.object, "chat.completion");
    assert.equal(body.choices[0].message.role, "assistant");
    assert.equal(body.choices[0].finish_reason, "stop");
    assert.equal(body.usage.completion_tokens, 7);
    assert.equal(body.usage.prompt_tokens_details.cached_tokens, 0);
    assert.ok(body.choices[0].message.content.length > 0);
  } finally {
    mock.close();
  }
});

Deno.test("output length honours max_tokens, max_completion_tokens, ignore_eos and min_tokens", async () => {
  const mock = createMockApp(fixed(50));
  const usage = async (extra: Record<string, unknown>) => {
    const body = await (await postChat(mock, chatBody(extra))).json();
    return [body.usage.completion_tokens, body.choices[0].finish_reason];
  };
  try {
    assert.deepEqual(await usage({}), [50, "stop"]);
    assert.deepEqual(await usage({ max_tokens: 10 }), [10, "length"]);
    assert.deepEqual(await usage({ max_tokens: 80 }), [50, "stop"]);
    assert.deepEqual(await usage({ max_tokens: 10, max_completion_tokens: 20 }), [20, "length"]);
    assert.deepEqual(await usage({ max_tokens: 90, ignore_eos: true }), [90, "length"]);
    assert.deepEqual(await usage({ min_tokens: 70 }), [70, "stop"]);
    assert.deepEqual(await usage({ min_tokens: 70, max_tokens: 60 }), [60, "length"]);
  } finally {
    mock.close();
  }
});

Deno.test("mock app answers bad JSON and bad fields with 400 in OpenAI's error shape", async () => {
  const mock = createMockApp();
  try {
    const bad = await postChat(mock, "{not json");
    assert.equal(bad.status, 400);
    const body = await bad.json();
    assert.deepEqual(Object.keys(body.error).sort(), ["code", "message", "param", "type"]);
    assert.equal(body.error.type, "invalid_request_error");

    const role = await postChat(
      mock,
      JSON.stringify({ model: "mock-model", messages: [{ role: "robot", content: "x" }] }),
    );
    assert.equal(role.status, 400);
    assert.equal((await role.json()).error.param, "messages.0.role");

    const empty = await postChat(mock, JSON.stringify({ model: "mock-model", messages: [] }));
    assert.equal((await empty.json()).error.param, "messages");

    const max = await postChat(mock, chatBody({ max_tokens: 0 }));
    assert.equal(max.status, 400);
    assert.equal((await max.json()).error.param, "max_tokens");
  } finally {
    mock.close();
  }
});

Deno.test("unknown models and routes are 404 in OpenAI's error shape", async () => {
  const mock = createMockApp();
  try {
    const model = await postChat(
      mock,
      JSON.stringify({ model: "gpt-x", messages: [{ role: "user", content: "hi" }] }),
    );
    assert.equal(model.status, 404);
    const body = await model.json();
    assert.equal(body.error.code, "model_not_found");
    assert.equal(body.error.param, "model");
    const route = await mock.app.request("/v1/embeddings", { method: "POST" });
    assert.equal(route.status, 404);
    assert.equal((await route.json()).error.code, "not_found");
  } finally {
    mock.close();
  }
});

Deno.test("an api key guards /v1/* with 401 and leaves health and metrics open", async () => {
  const mock = createMockApp({ api_key: "sekret" });
  try {
    const missing = await postChat(mock, chatBody());
    assert.equal(missing.status, 401);
    assert.equal((await missing.json()).error.code, "invalid_api_key");
    const wrong = await postChat(mock, chatBody(), { authorization: "Bearer nope" });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    const models = await mock.app.request("/v1/models", {
      headers: { authorization: "Bearer nope" },
    });
    assert.equal(models.status, 401);
    await models.body?.cancel();
    const right = await postChat(mock, chatBody(), { authorization: "Bearer sekret" });
    assert.equal(right.status, 200);
    await right.body?.cancel();
    assert.equal((await mock.app.request("/health")).status, 200);
    assert.equal((await mock.app.request("/metrics")).status, 200);
  } finally {
    mock.close();
  }
});

Deno.test("timings record each request with its id, tokens and targets", async () => {
  const mock = createMockApp({ ...fixed(4), latency: { ttft_ms: 3, itl_ms: 1 } });
  try {
    await (await postChat(mock, chatBody({ stream: true }), { "x-request-id": "turn-1" })).text();
    await (await postChat(mock, chatBody())).text();
    const timings = await (await mock.app.request("/mock/timings")).json();
    assert.equal(timings.length, 2);
    const [a, b] = timings;
    assert.equal(a.id, "turn-1");
    assert.match(b.id, /^chatcmpl-/);
    for (const t of timings) {
      assert.equal(t.output_tokens, 4);
      assert.equal(t.outcome, "ok");
      assert.equal(t.target_itl_ms, 1);
      assert.ok(t.target_ttft_ms >= 3);
      assert.ok(t.received_at <= t.first_content_at && t.first_content_at <= t.done_at);
      assert.ok(t.received_at > 1.6e12, "epoch milliseconds");
    }
    assert.deepEqual(mock.timings().map((t) => t.id), timings.map((t: { id: string }) => t.id));
    await (await mock.app.request("/mock/timings", { method: "DELETE" })).body?.cancel();
    assert.equal(mock.timings().length, 0);
  } finally {
    mock.close();
  }
});

Deno.test("timings keep only the last timings_capacity requests", async () => {
  const mock = createMockApp({ ...fixed(1), timings_capacity: 3 });
  try {
    for (let i = 0; i < 5; i++) {
      await (await postChat(mock, chatBody(), { "x-request-id": `r${i}` })).text();
    }
    assert.deepEqual(mock.timings().map((t) => t.id), ["r2", "r3", "r4"]);
  } finally {
    mock.close();
  }
});
