/** @module `GET /metrics`: vLLM's and LMCache's names in Prometheus text format 0.0.4. */
import assert from "node:assert/strict";
import { createMockApp, type MockApp } from "../../mock/app.ts";
import { ensurePromtool } from "./_promtool.ts";
import { chatBody, postChat } from "./_helpers.ts";

const NAMES = [
  "vllm:prefix_cache_queries_total",
  "vllm:prefix_cache_hits_total",
  "vllm:kv_cache_usage_perc",
  "vllm:num_requests_running",
  "vllm:num_requests_waiting",
  "vllm:prompt_tokens_total",
  "vllm:generation_tokens_total",
  "vllm:time_to_first_token_seconds",
  "vllm:e2e_request_latency_seconds",
  "lmcache:retrieve_hit_rate",
  "lmcache:local_cache_usage",
  "lmcache:num_hit_tokens_total",
  "lmcache:num_requested_tokens_total",
  "lmcache_hit_rate",
  "memory_usage_bytes",
];

/** The value of the one series of `name` (labels ignored). */
function value(text: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = text.match(new RegExp(`^${escaped}(?:\\{[^}]*\\})? (\\S+)$`, "m"));
  assert.ok(m, `no series for ${name}`);
  return Number(m[1]);
}

async function twoRounds(mock: MockApp) {
  const body = chatBody({ max_tokens: 6, ignore_eos: true }, "word ".repeat(100));
  const usages = [];
  for (let i = 0; i < 2; i++) usages.push((await (await postChat(mock, body)).json()).usage);
  return usages;
}

Deno.test("metrics carry HELP and TYPE for vLLM, LMCache and seed names with model_name", async () => {
  const mock = createMockApp({ models: ["served-x"] });
  try {
    const res = await mock.app.request("/metrics");
    assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    for (const name of NAMES) {
      assert.match(text, new RegExp(`^# HELP ${name} \\S`, "m"), name);
      assert.match(text, new RegExp(`^# TYPE ${name} (counter|gauge|histogram)$`, "m"), name);
    }
    assert.match(text, /^vllm:num_requests_running\{model_name="served-x",engine="0"\} 0$/m);
    assert.match(
      text,
      /^vllm:time_to_first_token_seconds_bucket\{model_name="served-x",engine="0",le="\+Inf"\} 0$/m,
    );
  } finally {
    mock.close();
  }
});

Deno.test("metrics count prompt, cached and generated tokens across requests", async () => {
  const mock = createMockApp({ seed: 2 });
  try {
    const [a, b] = await twoRounds(mock);
    const text = await (await mock.app.request("/metrics")).text();
    const prompt = a.prompt_tokens + b.prompt_tokens;
    const cached = a.prompt_tokens_details.cached_tokens + b.prompt_tokens_details.cached_tokens;
    assert.ok(cached > 0);
    assert.equal(value(text, "vllm:prefix_cache_queries_total"), prompt);
    assert.equal(value(text, "vllm:prefix_cache_hits_total"), cached);
    assert.equal(value(text, "vllm:prompt_tokens_total"), prompt);
    assert.equal(value(text, "vllm:generation_tokens_total"), 12);
    assert.equal(value(text, "lmcache:num_requested_tokens_total"), prompt);
    assert.equal(value(text, "lmcache:num_hit_tokens_total"), cached);
    assert.equal(value(text, "lmcache_hit_rate"), cached / prompt);
    assert.equal(value(text, "lmcache:retrieve_hit_rate"), cached / prompt);
    assert.equal(value(text, "vllm:time_to_first_token_seconds_count"), 2);
    assert.equal(value(text, "vllm:e2e_request_latency_seconds_count"), 2);
    assert.match(text, /finished_reason="length"\} 2$/m);
    assert.ok(value(text, "memory_usage_bytes") > 0);
    assert.equal(value(text, "vllm:num_requests_running"), 0);

    await (await mock.app.request("/reset", { method: "POST" })).body?.cancel();
    const after = await (await mock.app.request("/metrics")).text();
    assert.equal(value(after, "memory_usage_bytes"), 0);
    assert.equal(value(after, "vllm:prefix_cache_hits_total"), cached, "counters never go back");
  } finally {
    mock.close();
  }
});

Deno.test("promtool accepts the metrics text (vLLM's colon names aside)", async (t) => {
  const promtool = await ensurePromtool();
  if (!promtool.ok) {
    await t.step({ name: `skipped: ${promtool.reason}`, ignore: true, fn: () => {} });
    console.warn(`promtool test skipped: ${promtool.reason}`);
    return;
  }
  const mock = createMockApp({ seed: 2 });
  try {
    await twoRounds(mock);
    const text = await (await mock.app.request("/metrics")).text();
    const child = new Deno.Command(promtool.path, {
      args: ["check", "metrics"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(text));
    await writer.close();
    const out = await child.output();
    const report = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    // Exit 3 = lint problems only; vLLM's and LMCache's real names contain ':' (promtool's
    // lint says they should not), so that one complaint is expected and nothing else.
    const problems = report.split("\n").filter(Boolean).filter((l) =>
      !l.endsWith("metric names should not contain ':'")
    );
    assert.ok(out.code === 0 || out.code === 3, `promtool exit ${out.code}: ${report}`);
    assert.deepEqual(problems, []);
  } finally {
    mock.close();
  }
});
