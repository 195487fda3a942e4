/** @module Before/after/delta of scraped series around one run. */
import type { MetricDelta } from "../results/summary.ts";

/**
 * Pairs the series of two scrapes: for every series key in either map, its value before, after,
 * and `after − before`. A value that is missing or not finite (`NaN`, `±Inf`, which JSON cannot
 * hold) is recorded as null, and then the delta is null too.
 *
 * The delta is `after − before` whatever the series' type: for counters (and histogram buckets,
 * sums and counts) it is what the run added, unless the server restarted in between (then it is
 * negative); for gauges (`vllm:num_requests_running`, `vllm:kv_cache_usage_perc`) it is only the
 * change between two instants, not an average over the run.
 *
 * @param before values scraped before the run (null when that scrape failed)
 * @param after values scraped after the run (null when that scrape failed)
 * @param types the family type of each series, when known; recorded with its entry
 * @returns one entry per series, keys in sorted order
 * @example
 * ```ts
 * metricDeltas(new Map([["x", 2]]), new Map([["x", 5], ["y", 1]]));
 * // { x: { before: 2, after: 5, delta: 3 }, y: { before: null, after: 1, delta: null } }
 * ```
 */
export function metricDeltas(
  before: Map<string, number> | null,
  after: Map<string, number> | null,
  types?: ReadonlyMap<string, string>,
): Record<string, MetricDelta> {
  const keys = new Set<string>([...(before?.keys() ?? []), ...(after?.keys() ?? [])]);
  const out: Record<string, MetricDelta> = {};
  for (const key of [...keys].sort()) {
    const b = finiteOrNull(before?.get(key));
    const a = finiteOrNull(after?.get(key));
    const type = types?.get(key);
    const entry: MetricDelta = {
      before: b,
      after: a,
      delta: a !== null && b !== null ? a - b : null,
      ...(type ? { type } : {}),
    };
    if (key === "__proto__") Object.defineProperty(out, key, { value: entry, enumerable: true });
    else out[key] = entry;
  }
  return out;
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
