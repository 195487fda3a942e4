/**
 * @module A profile's cache counters read from a run's scraped deltas (`RunSummary.metrics`):
 * Δ cached and Δ prompt tokens, and the hit rate with the profile's formula.
 */
import type { MetricDelta } from "../results/summary.ts";
import { cacheHitRate, counterPairs, type ProfileMetrics, type ServerProfile } from "./profiles.ts";

/**
 * The metric name of a series text: `vllm:x_total{engine="0"}` → `vllm:x_total`.
 *
 * @example
 * ```ts
 * seriesName('llamacpp:prompt_tokens_total{a="b"}'); // "llamacpp:prompt_tokens_total"
 * ```
 */
export function seriesName(series: string): string {
  const brace = series.indexOf("{");
  return brace === -1 ? series : series.slice(0, brace);
}

/**
 * Sums the deltas of every series of a counter (all label sets, with or without `_total`);
 * null when no series of it has a delta.
 *
 * @example
 * ```ts
 * counterDelta(run.metrics, "vllm:prefix_cache_hits"); // e.g. 1520
 * ```
 */
export function counterDelta(metrics: Record<string, MetricDelta>, name: string): number | null {
  let sum: number | null = null;
  for (const [series, m] of Object.entries(metrics)) {
    const n = seriesName(series);
    if ((n === name || n === `${name}_total`) && m.delta !== null) sum = (sum ?? 0) + m.delta;
  }
  return sum;
}

/** A cache's counters over one run. */
export interface ScrapedCache {
  /** Δ of the cached-tokens counter. */
  cached: number;
  /** Δ of the prompt counter (all prompt tokens, or only processed ones: see the profile). */
  prompt: number;
  /** With the profile's formula (0–1); null when nothing was looked up. */
  hitRate: number | null;
}

/**
 * The first (cached, prompt) counter pair of a profile with data in a run's scraped deltas.
 *
 * @param metrics which counters: the profile's own, or its connector's
 * @returns null when none of the pairs was scraped
 * @example
 * ```ts
 * scrapedCache(PROFILES.llamacpp, run.metrics)?.hitRate; // cached / (cached + processed)
 * ```
 */
export function scrapedCache(
  profile: ServerProfile,
  runMetrics: Record<string, MetricDelta>,
  metrics: Pick<ProfileMetrics, "prompt" | "cached"> = profile.metrics,
): ScrapedCache | null {
  for (const pair of counterPairs(metrics)) {
    const cached = counterDelta(runMetrics, pair.cached);
    const prompt = counterDelta(runMetrics, pair.prompt);
    if (cached === null || prompt === null) continue;
    return { cached, prompt, hitRate: cacheHitRate(profile, { cached, prompt }) };
  }
  return null;
}
