/** @module Running slots, the waiting queue, the load factor and the latency model, from admission. */
import assert from "node:assert/strict";
import { createMockApp, type MockApp } from "../../mock/app.ts";
import type { MockTiming } from "../../mock/timings.ts";
import { chatBody, postChat } from "./_helpers.ts";

const gauge = (text: string, name: string) =>
  Number(text.match(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, "m"))?.[1]);

const metrics = async (mock: MockApp) => await (await mock.app.request("/metrics")).text();

/** Waits (bounded) until the mock's `/metrics` satisfies `ok`: an event, not a pause. */
async function untilMetrics(mock: MockApp, ok: (text: string) => boolean): Promise<string> {
  for (let i = 0; i < 2000; i++) {
    const text = await metrics(mock);
    if (ok(text)) return text;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`metrics never matched:\n${await metrics(mock)}`);
}

/** What the latency model promises from admission, with no load and no jitter. */
const modelTtft = (t: MockTiming, ttft: number, prefill: number, cached: number) =>
  ttft + prefill * (t.prompt_tokens - t.cached_tokens) + cached * t.cached_tokens;

/** Equal up to float rounding (`tolerance`: 1e-3 ms for differences of epoch-ms values). */
const close = (actual: number, expected: number, what: string, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${what}: ${actual} != ${expected}`);

Deno.test("requests past max_running wait in line and show as num_requests_waiting", async () => {
  const mock = createMockApp({
    latency: { max_running: 1, ttft_ms: 3, itl_ms: 2 },
    output: { distribution: "fixed", mean: 5 },
  });
  try {
    const body = chatBody({ stream: true });
    const responses = [postChat(mock, body), postChat(mock, body), postChat(mock, body)];
    // The first holds the only slot while its stream is unread (the body is pull-based).
    const first = await responses[0];
    const text = await untilMetrics(mock, (t) => gauge(t, "vllm:num_requests_waiting") === 2);
    assert.equal(gauge(text, "vllm:num_requests_running"), 1);
    assert.ok(gauge(text, "vllm:kv_cache_usage_perc") > 0);
    await first.text();
    for (const r of responses.slice(1)) await (await r).text();
    const [a, b, c] = mock.timings();
    // One slot: each request is admitted only after the one before it ended.
    assert.ok(b.admitted_at! >= a.done_at!, "b admitted after a ended");
    assert.ok(c.admitted_at! >= b.done_at!, "c admitted after b ended");
    for (const t of [a, b, c]) {
      assert.ok(t.admission_ms >= t.queue_ms, "the queue wait is part of the time to admission");
      close(t.admitted_at! - t.received_at, t.admission_ms, "admitted_at − received_at", 1e-3);
      close(t.target_ttft_ms, t.admission_ms + t.model_ttft_ms, "target from receipt");
      // The wait never leaks into the model: max_running does not change the promised TTFT.
      close(t.model_ttft_ms, 3, "model TTFT: ttft_ms alone");
    }
    const after = await metrics(mock);
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
    // Admitted one after another while the earlier streams stay unread (and so keep running):
    // 1, 2, then 3 requests run when each is admitted, however fast the machine is.
    const all: Response[] = [];
    for (let i = 0; i < 3; i++) all.push(await postChat(mock, body));
    await Promise.all(all.map((r) => r.text()));
    const byAdmission = mock.timings().sort((x, y) => x.admitted_at! - y.admitted_at!);
    assert.deepEqual(byAdmission.map((t) => t.target_itl_ms), [1, 1.5, 2]);
    assert.deepEqual(byAdmission.map((t) => t.model_ttft_ms), [4, 6, 8]);
  } finally {
    mock.close();
  }
});

Deno.test("prefill costs more for uncached tokens than for cached ones, measured from admission", async () => {
  const latency = { ttft_ms: 1, prefill_ms_per_token: 0.1, cached_ms_per_token: 0.01 };
  const mock = createMockApp({ latency, output: { distribution: "fixed", mean: 1 } });
  try {
    const body = chatBody({}, "word ".repeat(200));
    await (await postChat(mock, body)).text();
    await (await postChat(mock, body)).text();
    const [cold, warm] = mock.timings();
    assert.equal(cold.cached_tokens, 0);
    assert.ok(warm.cached_tokens > 0);
    assert.equal(warm.prompt_tokens, cold.prompt_tokens);
    for (const t of [cold, warm]) {
      // Exactly the documented model: parsing and counting before admission are recorded apart.
      close(t.model_ttft_ms, modelTtft(t, 1, 0.1, 0.01), `model TTFT of ${t.cached_tokens} cached`);
      assert.ok(t.admission_ms >= 0);
      close(t.target_ttft_ms, t.admission_ms + t.model_ttft_ms, "target from receipt");
    }
    assert.ok(warm.model_ttft_ms < cold.model_ttft_ms);
  } finally {
    mock.close();
  }
});
