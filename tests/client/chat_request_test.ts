/** @module Tests of sending one streamed chat request against small dedicated servers. */
import assert from "node:assert/strict";
import { sendChat } from "../../src/client/chat_request.ts";
import { chunk, sseResponse, startRawServer, startTestServer, wordsAnswer } from "./servers.ts";

const body = JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] });
const request = (endpoint: string, extra: Partial<Parameters<typeof sendChat>[0]> = {}) =>
  sendChat({ endpoint, body, requestId: "req-1", timeoutMs: 5_000, ...extra });

Deno.test("sendChat ends TTFT at the first content chunk, not at a role-only opening chunk", async () => {
  const server = startTestServer(() =>
    sseResponse(async (send, sleep) => {
      send(chunk({ role: "assistant" }));
      await sleep(80);
      send(chunk({ content: "The whole answer." }, { finish_reason: "stop" }));
      send({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 4 } });
    })
  );
  try {
    const r = await request(server.endpoint);
    assert.equal(r.ok, true, r.error ?? "");
    assert.equal(r.text, "The whole answer.");
    assert.ok(r.ttftMs !== null && r.ttftMs >= 70, `ttft ${r.ttftMs}`);
    assert.deepEqual(r.itlMs, []);
    assert.equal(r.usage?.completionTokens, 4);
    assert.equal(r.usage?.cachedTokens, null);
    assert.equal(r.finishReason, "stop");
  } finally {
    await server.close();
  }
});

Deno.test("sendChat sends x-request-id, the bearer key and asks for usage in the stream", async () => {
  const server = startTestServer(() => sseResponse(wordsAnswer(["a", " b"], true)));
  try {
    const r = await sendChat({
      endpoint: server.endpoint,
      body: JSON.stringify({ stream: true, stream_options: { include_usage: true } }),
      requestId: "abc-42",
      apiKey: "sk-test",
      timeoutMs: 5_000,
    });
    assert.equal(r.ok, true);
    const { headers } = server.received[0];
    assert.equal(headers.get("x-request-id"), "abc-42");
    assert.equal(headers.get("authorization"), "Bearer sk-test");
    assert.equal(r.itlMs.length, 1);
    assert.equal(r.usage?.cachedTokens, 0);
  } finally {
    await server.close();
  }
});

Deno.test("sendChat records HTTP errors by kind with the status and retry-after", async () => {
  const statuses = [429, 404, 503];
  const server = startTestServer(() => {
    const status = statuses[server.received.length - 1];
    const headers = status === 429 ? { "retry-after": "3" } : undefined;
    return new Response(`{"error":"status ${status}"}`, { status, headers });
  });
  try {
    const kinds = [];
    for (const status of statuses) {
      const r = await request(server.endpoint);
      assert.equal(r.ok, false);
      assert.equal(r.httpStatus, status);
      assert.equal(r.e2eMs, null);
      kinds.push(r.errorKind);
      if (status === 429) assert.match(r.error ?? "", /HTTP 429 \(retry-after 3\)/);
    }
    assert.deepEqual(kinds, ["http_429", "http_4xx", "http_5xx"]);
  } finally {
    await server.close();
  }
});

Deno.test("sendChat records a stream broken mid-answer as a stream error", async () => {
  const events = [chunk({ content: "partial" }), chunk({ content: " answer" })]
    .map((c) => `data: ${JSON.stringify(c)}\n\n`).join("");
  const server = startRawServer(
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n" +
      `${new TextEncoder().encode(events).length.toString(16)}\r\n${events}\r\n`,
  );
  try {
    const r = await request(server.endpoint);
    assert.equal(r.ok, false);
    assert.equal(r.errorKind, "stream");
    assert.equal(r.httpStatus, 200);
    assert.equal(r.text, "partial answer");
    assert.ok(r.ttftMs !== null && r.e2eMs !== null);
  } finally {
    await server.close();
  }
});

Deno.test("sendChat flags a stream that ends cleanly without [DONE] or finish_reason", async () => {
  const server = startTestServer(() =>
    new Response(`data: ${JSON.stringify(chunk({ content: "cut" }))}\n\n`, {
      headers: { "content-type": "text/event-stream" },
    })
  );
  try {
    const r = await request(server.endpoint);
    assert.equal(r.errorKind, "stream");
    assert.match(r.error ?? "", /before \[DONE\]/);
  } finally {
    await server.close();
  }
});

Deno.test("sendChat times out a stalled stream instead of hanging", async () => {
  const server = startTestServer(() =>
    sseResponse((send) => send(chunk({ content: "first" })), "hang")
  );
  try {
    const r = await request(server.endpoint, { timeoutMs: 150 });
    assert.equal(r.ok, false);
    assert.equal(r.errorKind, "timeout");
    assert.equal(r.text, "first");
  } finally {
    await server.close();
  }
});

Deno.test("sendChat reports a refused connection and a user abort by kind", async () => {
  const server = startTestServer(() => sseResponse(() => {}, "hang"));
  const endpoint = server.endpoint;
  try {
    const abort = new AbortController();
    const pending = request(endpoint, { signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    const aborted = await pending;
    assert.equal(aborted.errorKind, "aborted");
  } finally {
    await server.close();
  }
  const refused = await request(endpoint);
  assert.equal(refused.errorKind, "connection");
  assert.equal(refused.httpStatus, null);
});

Deno.test("sendChat reads an in-stream error event and a non-streamed JSON answer", async () => {
  let n = 0;
  const server = startTestServer(() => {
    if (n++ === 0) {
      return sseResponse((send) => send({ error: { message: "model overloaded" } }));
    }
    return Response.json({
      choices: [{ message: { role: "assistant", content: "plain json" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 3, completion_tokens: 2 },
    });
  });
  try {
    const streamed = await request(server.endpoint);
    assert.equal(streamed.errorKind, "stream");
    assert.equal(streamed.error, "model overloaded");
    const json = await request(server.endpoint);
    assert.equal(json.ok, true, json.error ?? "");
    assert.equal(json.text, "plain json");
    assert.equal(json.usage?.completionTokens, 2);
  } finally {
    await server.close();
  }
});
