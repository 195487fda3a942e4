/** @module Running slots, the waiting queue and the load factor. */
import assert from "node:assert/strict";
import { createMockApp } from "../../mock/app.ts";
import { chatBody, postChat } from "./_helpers.ts";

const gauge = (text: string, name: string) =>
  Number(text.match(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, "m"))?.[1]);

Deno.test("requests past max_running wait in line and show as num_requests_waiting", async () => {
  const mock = createMockApp({
    latency: { max_running: 1, itl_ms: 2 },
    output: { distribution: "fixed", mean: 5 },
  });
  try {
    const body = chatBody({ stream: true });
    const responses = [postChat(mock, body), postChat(mock, body), postChat(mock, body)];
    const first = await responses[0];
    await new Promise((r) => setTimeout(r, 5));
    const metrics = await (await mock.app.request("/metrics")).text();
    assert.equal(gauge(metrics, "vllm:num_requests_running"), 1);
    assert.equal(gauge(metrics, "vllm:num_requests_waiting"), 2);
    assert.ok(gauge(metrics, "vllm:kv_cache_usage_perc") > 0);
    await first.text();
    for (const r of responses.slice(1)) await (await r).text();
    const [a, b, c] = mock.timings();
    assert.ok(a.queue_ms < b.queue_ms && b.queue_ms < c.queue_ms);
    assert.ok(c.target_ttft_ms >= c.queue_ms, "the target includes the wait");
    const after = await (await mock.app.request("/metrics")).text();
    assert.equal(gauge(after, "vllm:num_requests_running"), 0);
    assert.equal(gauge(after, "vllm:kv_cache_usage_perc"), 0);
  } finally {
    mock.close();
  }
});

Deno.test("the load factor slows TTFT and ITL as running requests grow", async () => {
  const mock = createMockApp({
    latency: { ttft_ms: 4, itl_ms: 1, load_factor: 0.5 },
    output: { distribution: "fixed", mean: 3 },
  });
  try {
    const body = chatBody({ stream: true });
    const all = await Promise.all([
      postChat(mock, body),
      postChat(mock, body),
      postChat(mock, body),
    ]);
    await Promise.all(all.map((r) => r.text()));
    const itls = mock.timings().map((t) => t.target_itl_ms).sort();
    assert.deepEqual(itls, [1, 1.5, 2]);
    const ttfts = mock.timings().map((t) => t.target_ttft_ms).sort((x, y) => x - y);
    assert.ok(ttfts[2] >= 8, `third request's ttft doubles: ${ttfts}`);
  } finally {
    mock.close();
  }
});

Deno.test("prefill costs more for uncached tokens than for cached ones", async () => {
  const mock = createMockApp({
    latency: { ttft_ms: 1, prefill_ms_per_token: 0.1, cached_ms_per_token: 0.01 },
    output: { distribution: "fixed", mean: 1 },
  });
  try {
    const body = chatBody({}, "word ".repeat(200));
    await (await postChat(mock, body)).text();
    await (await postChat(mock, body)).text();
    const [cold, warm] = mock.timings();
    assert.ok(warm.cached_tokens > 0);
    const expected = (t: typeof cold) =>
      1 + 0.1 * (t.prompt_tokens - t.cached_tokens) + 0.01 * t.cached_tokens;
    assert.ok(Math.abs(cold.target_ttft_ms - cold.queue_ms - expected(cold)) < 0.5);
    assert.ok(Math.abs(warm.target_ttft_ms - warm.queue_ms - expected(warm)) < 0.5);
    assert.ok(warm.target_ttft_ms < cold.target_ttft_ms);
  } finally {
    mock.close();
  }
});
