/** @module Faults for testing clients: by `x-mock-fault` header and by configured rates. */
import assert from "node:assert/strict";
import { createMockApp } from "../../mock/app.ts";
import { chatBody, postChat, sseChunks } from "./_helpers.ts";

const fixed = { seed: 5, output: { distribution: "fixed" as const, mean: 8, min: 1, max: 64 } };
const stream = chatBody({ stream: true });

Deno.test("status faults answer 429 with retry-after, and 500 and 503, in OpenAI's shape", async () => {
  const mock = createMockApp(fixed);
  try {
    const limited = await postChat(mock, chatBody(), { "x-mock-fault": "status=429" });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "1");
    assert.equal((await limited.json()).error.code, "rate_limit_exceeded");
    for (const status of [500, 503]) {
      const res = await postChat(mock, stream, { "x-mock-fault": `status=${status}` });
      assert.equal(res.status, status);
      assert.equal((await res.json()).error.type, "server_error");
    }
    assert.deepEqual(mock.timings().map((t) => [t.outcome, t.status]), [
      ["error", 429],
      ["error", 500],
      ["error", 503],
    ]);
  } finally {
    mock.close();
  }
});

Deno.test("abort=N closes the stream abruptly after N content chunks", async () => {
  const mock = createMockApp(fixed);
  try {
    const res = await postChat(mock, stream, { "x-mock-fault": "abort=3" });
    assert.equal(res.status, 200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    await assert.rejects(async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
    });
    const chunks = sseChunks(text);
    assert.equal(chunks.filter((c) => c.choices[0]?.delta?.content).length, 3);
    assert.ok(!text.includes("[DONE]"));
    assert.equal(mock.timings()[0].outcome, "aborted");
    assert.equal(mock.timings()[0].output_tokens, 3);
    const metrics = await (await mock.app.request("/metrics")).text();
    assert.match(metrics, /finished_reason="abort"\} 1$/m);
  } finally {
    mock.close();
  }
});

Deno.test("abort=N past the end of the output lets the stream finish", async () => {
  const mock = createMockApp(fixed);
  try {
    const text = await (await postChat(mock, stream, { "x-mock-fault": "abort=8" })).text();
    assert.ok(text.includes("[DONE]"));
  } finally {
    mock.close();
  }
});

Deno.test("stall=MS pauses after the first content chunk; slow-start=MS delays the start", async () => {
  const mock = createMockApp(fixed);
  try {
    await (await postChat(mock, stream, { "x-mock-fault": "stall=40" })).text();
    await (await postChat(mock, stream, { "x-mock-fault": "slow-start=30, stall=0" })).text();
    const [stalled, slow] = mock.timings();
    assert.ok(stalled.done_at! - stalled.first_content_at! >= 39, "stall held back tokens 2…");
    assert.ok(slow.first_content_at! - slow.received_at >= 29, "slow start delayed the first");
    assert.ok(slow.target_ttft_ms >= 30);
    assert.equal(stalled.outcome, "ok");
  } finally {
    mock.close();
  }
});

Deno.test("a malformed x-mock-fault header is a 400 naming the header", async () => {
  const mock = createMockApp(fixed);
  try {
    for (const header of ["explode=1", "stall=soon", "status=200"]) {
      const res = await postChat(mock, chatBody(), { "x-mock-fault": header });
      assert.equal(res.status, 400, header);
      assert.equal((await res.json()).error.param, "x-mock-fault");
    }
  } finally {
    mock.close();
  }
});

Deno.test("fault rates inject errors and aborts without a header", async () => {
  const errors = createMockApp({ ...fixed, faults: { error_rate: 1, error_codes: [503] } });
  const aborts = createMockApp({ ...fixed, faults: { abort_rate: 1 } });
  try {
    const res = await postChat(errors, chatBody());
    assert.equal(res.status, 503);
    await res.body?.cancel();
    const body = (await postChat(aborts, stream)).body!;
    await assert.rejects(() => new Response(body).text());
    assert.equal(aborts.timings()[0].outcome, "aborted");
  } finally {
    errors.close();
    aborts.close();
  }
});

Deno.test("a header replaces the configured fault rates for its request", async () => {
  const mock = createMockApp({ ...fixed, faults: { error_rate: 1, error_codes: [500] } });
  try {
    const res = await postChat(mock, chatBody(), { "x-mock-fault": "slow-start=0" });
    assert.equal(res.status, 200);
    await res.body?.cancel();
  } finally {
    mock.close();
  }
});
