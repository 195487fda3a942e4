/** @module The scraped Prometheus series of a report's runs, and what each shows per run. */
import type { MetricDelta } from "../../results/summary.ts";
import { seriesName } from "./cache_metrics.ts";
import type { RunView } from "./runs.ts";

/**
 * What a scraped series shows for one run: the change over the run, or for a gauge (known from the
 * page's TYPE line) its value at the run's end — the change of a gauge between two instants
 * (`lmcache_hit_rate`, `memory_usage_bytes`) means little.
 */
export function shownValue(metric: MetricDelta | undefined): number | null {
  if (!metric) return null;
  return metric.type === "gauge" ? metric.after : metric.delta;
}

/**
 * Every scraped series of the report's runs, sorted.
 *
 * @example
 * ```ts
 * scrapedSeries(model); // ["vllm:prompt_tokens_total{…}", …]
 * ```
 */
export function scrapedSeries(m: { views: readonly RunView[] }): string[] {
  return [...new Set(m.views.flatMap((v) => Object.keys(v.metrics)))].sort();
}

/** Whether a series is a histogram bucket (left out of tables and charts: too many). */
export function isBucket(series: string): boolean {
  return seriesName(series).endsWith("_bucket");
}
