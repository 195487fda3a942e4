/** @module Cache hit rates from scraped counter deltas. */
import assert from "node:assert/strict";
import { CACHE_PAIRS, cacheHitPct, counterDelta } from "../../../src/report/model/cache_metrics.ts";
import type { MetricDelta } from "../../../src/results/summary.ts";

const d = (delta: number | null): MetricDelta => ({ before: 0, after: delta, delta });
const pair = (field: string) => CACHE_PAIRS.find((p) => p.field === field)!;

Deno.test("counter deltas add up over label sets, with or without _total", () => {
  const m = {
    'vllm:prefix_cache_hits_total{engine="0"}': d(30),
    'vllm:prefix_cache_hits_total{engine="1"}': d(10),
    "vllm:prefix_cache_hits_created": d(99),
    "vllm:prefix_cache_queries": d(80),
  };
  assert.equal(counterDelta(m, "vllm:prefix_cache_hits"), 40);
  assert.equal(cacheHitPct(m, pair("vllm_prefix_cache_hit_pct")), 50);
});

Deno.test("cache hit rate falls back to older vLLM names and is null without lookups", () => {
  const older = {
    "vllm:gpu_prefix_cache_hits_total": d(3),
    "vllm:gpu_prefix_cache_queries_total": d(4),
  };
  assert.equal(cacheHitPct(older, pair("vllm_prefix_cache_hit_pct")), 75);
  const idle = { "lmcache:num_hit_tokens_total": d(0), "lmcache:num_requested_tokens_total": d(0) };
  assert.equal(cacheHitPct(idle, pair("lmcache_hit_pct")), null);
  assert.equal(
    cacheHitPct({ "lmcache:num_hit_tokens_total": d(null) }, pair("lmcache_hit_pct")),
    null,
  );
});

Deno.test("llama.cpp's hit rate counts its processed prompt tokens plus the cached ones", () => {
  const m = {
    "llamacpp:prompt_tokens_total": d(25),
    "llamacpp:prompt_tokens_cached_total": d(75),
  };
  assert.equal(cacheHitPct(m, pair("llamacpp_cache_hit_pct")), 75);
  assert.equal(cacheHitPct(m, pair("vllm_prefix_cache_hit_pct")), null);
});
