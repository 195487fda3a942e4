/** @module The streaming body when the client goes away in the middle of a hand-over. */
import assert from "node:assert/strict";
import { createMockApp } from "../../mock/app.ts";
import { chatBody, postChat } from "./_helpers.ts";

Deno.test("a client gone while its last chunk is handed over ends the stream as cancelled, not with a crash", async () => {
  const mock = createMockApp({
    latency: { ttft_ms: 50 },
    output: { distribution: "fixed", mean: 1 },
  });
  const proto = ReadableStreamDefaultController.prototype;
  const enqueue = proto.enqueue;
  try {
    const res = await postChat(mock, chatBody({ stream: true }));
    const reader = res.body!.getReader();
    // Deno's HTTP server writes a chunk to the connection inside enqueue, and when that fails
    // (the client left) cancels the body right there. Do the same for the next chunk: the only
    // one, so the stream would close just after it. (The deadline is a timer: it cannot fire
    // before this synchronous patch.)
    let cancelled = false;
    proto.enqueue = function (this: ReadableStreamDefaultController, chunk?: unknown) {
      proto.enqueue = enqueue;
      enqueue.call(this, chunk);
      cancelled = true;
      void reader.cancel(new Error("connection reset"));
    };
    while (mock.timings()[0].outcome === "running") await new Promise((r) => setTimeout(r, 5));
    assert.ok(cancelled, "the chunk was handed over");
    const [t] = mock.timings();
    assert.equal(t.outcome, "cancelled");
    assert.equal(t.output_tokens, 0, "a chunk the connection refused is not counted as sent");
    const metrics = await (await mock.app.request("/metrics")).text();
    assert.match(metrics, /^vllm:kv_cache_usage_perc\{[^}]*\} 0$/m, "no KV left held");
    assert.match(metrics, /^vllm:num_requests_running\{[^}]*\} 0$/m);
  } finally {
    proto.enqueue = enqueue;
    mock.close();
  }
});
