/** @module Cache hit rates from scraped Prometheus counter deltas (vLLM, LMCache, SGLang). */
import type { MetricDelta } from "../../results/summary.ts";

/** A cache hit rate read from two counters: Δhits / Δtotal over a run. */
export interface CachePair {
  /** Report field name, e.g. `vllm_prefix_cache_hit_pct`. */
  field:
    | "vllm_prefix_cache_hit_pct"
    | "vllm_external_cache_hit_pct"
    | "lmcache_hit_pct"
    | "sglang_cache_hit_pct";
  /** Short name for tables and legends. */
  label: string;
  /** Counter names (without `_total`) tried in order; the first pair with data wins. */
  counters: Array<{ hits: string; total: string }>;
}

/** The cache counters the report knows. */
export const CACHE_PAIRS: readonly CachePair[] = [
  {
    field: "vllm_prefix_cache_hit_pct",
    label: "vLLM prefix cache",
    counters: [
      { hits: "vllm:prefix_cache_hits", total: "vllm:prefix_cache_queries" },
      { hits: "vllm:gpu_prefix_cache_hits", total: "vllm:gpu_prefix_cache_queries" },
    ],
  },
  {
    field: "vllm_external_cache_hit_pct",
    label: "vLLM external (KV connector)",
    counters: [{
      hits: "vllm:external_prefix_cache_hits",
      total: "vllm:external_prefix_cache_queries",
    }],
  },
  {
    field: "lmcache_hit_pct",
    label: "LMCache",
    counters: [{ hits: "lmcache:num_hit_tokens", total: "lmcache:num_requested_tokens" }],
  },
  {
    field: "sglang_cache_hit_pct",
    label: "SGLang radix cache",
    counters: [{ hits: "sglang:cached_tokens", total: "sglang:prompt_tokens" }],
  },
];

/**
 * The metric name of a series text: `vllm:x_total{engine="0"}` → `vllm:x_total`.
 */
export function seriesName(series: string): string {
  const brace = series.indexOf("{");
  return brace === -1 ? series : series.slice(0, brace);
}

/** The label part of a series text, without braces; "" when it has none. */
export function seriesLabels(series: string): string {
  const brace = series.indexOf("{");
  return brace === -1 ? "" : series.slice(brace + 1, series.endsWith("}") ? -1 : undefined);
}

/**
 * Sums the deltas of every series of a counter (all label sets, with or without `_total`);
 * null when no series of it has a delta.
 */
export function counterDelta(metrics: Record<string, MetricDelta>, name: string): number | null {
  let sum: number | null = null;
  for (const [series, m] of Object.entries(metrics)) {
    const n = seriesName(series);
    if ((n === name || n === `${name}_total`) && m.delta !== null) sum = (sum ?? 0) + m.delta;
  }
  return sum;
}

/**
 * Hit rate in percent for one cache over a run: Δhits / Δtotal × 100; null when the counters were
 * not scraped or nothing was looked up.
 *
 * @example
 * ```ts
 * cacheHitPct(run.metrics, CACHE_PAIRS[0]); // e.g. 62.5
 * ```
 */
export function cacheHitPct(metrics: Record<string, MetricDelta>, pair: CachePair): number | null {
  for (const { hits, total } of pair.counters) {
    const h = counterDelta(metrics, hits);
    const t = counterDelta(metrics, total);
    if (h !== null && t !== null && t > 0) return (h / t) * 100;
  }
  return null;
}
