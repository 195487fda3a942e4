/**
 * @module Cache hit rates from scraped Prometheus counter deltas, one per report field. Which
 * counters, and the formula, come from the server profiles (src/servers/profiles.ts): nothing
 * here names a server's metrics.
 */
import type { MetricDelta } from "../../results/summary.ts";
import {
  cacheHitRate,
  counterPairs,
  type ProfileMetrics,
  PROFILES,
  type ServerProfile,
} from "../../servers/profiles.ts";
import { counterDelta, seriesName } from "../../servers/scraped.ts";

export { counterDelta, seriesName };

/** A cache hit rate read from a profile's counters: Δ cached over the run, by its formula. */
export interface CachePair {
  /** Report field name, e.g. `vllm_prefix_cache_hit_pct`. */
  field:
    | "vllm_prefix_cache_hit_pct"
    | "vllm_external_cache_hit_pct"
    | "lmcache_hit_pct"
    | "sglang_cache_hit_pct"
    | "llamacpp_cache_hit_pct";
  /** Short name for tables and legends. */
  label: string;
  /** The profile whose formula applies (llama.cpp counts only processed prompt tokens). */
  profile: ServerProfile;
  /** Its counters: candidates in order, the first pair with data wins. */
  metrics: Pick<ProfileMetrics, "prompt" | "cached">;
}

const VLLM = PROFILES.vllm;

/** The caches the report knows, in column order. */
export const CACHE_PAIRS: readonly CachePair[] = [
  {
    field: "vllm_prefix_cache_hit_pct",
    label: "vLLM prefix cache",
    profile: VLLM,
    metrics: VLLM.metrics,
  },
  {
    field: "vllm_external_cache_hit_pct",
    label: VLLM.connector!.label,
    profile: VLLM,
    metrics: VLLM.connector!,
  },
  {
    field: "lmcache_hit_pct",
    label: "LMCache",
    profile: PROFILES.lmcache,
    metrics: PROFILES.lmcache.metrics,
  },
  {
    field: "sglang_cache_hit_pct",
    label: "SGLang radix cache",
    profile: PROFILES.sglang,
    metrics: PROFILES.sglang.metrics,
  },
  {
    field: "llamacpp_cache_hit_pct",
    label: "llama.cpp prompt cache",
    profile: PROFILES.llamacpp,
    metrics: PROFILES.llamacpp.metrics,
  },
];

/** The label part of a series text, without braces; "" when it has none. */
export function seriesLabels(series: string): string {
  const brace = series.indexOf("{");
  return brace === -1 ? "" : series.slice(brace + 1, series.endsWith("}") ? -1 : undefined);
}

/**
 * Hit rate in percent for one cache over a run, with its profile's formula (cached / prompt, or
 * llama.cpp's cached / (cached + processed)); null when the counters were not scraped or nothing
 * was looked up.
 *
 * @example
 * ```ts
 * cacheHitPct(run.metrics, CACHE_PAIRS[0]); // e.g. 62.5
 * ```
 */
export function cacheHitPct(metrics: Record<string, MetricDelta>, pair: CachePair): number | null {
  for (const { cached, prompt } of counterPairs(pair.metrics)) {
    const rate = cacheHitRate(pair.profile, {
      cached: counterDelta(metrics, cached),
      prompt: counterDelta(metrics, prompt),
    });
    if (rate !== null) return rate * 100;
  }
  return null;
}
