/** @module Percentile summaries of latency samples (p50/p90/p95/p99/mean/min/max). */
import type { Distribution } from "../results/summary.ts";
import { ExactSum } from "./exact_sum.ts";

export type { Distribution } from "../results/summary.ts";

/**
 * Returns the q-th percentile (0–100) of sorted samples, interpolating linearly between the two
 * nearest ranks (numpy's default, as vLLM's benchmark uses).
 *
 * @param sorted samples in ascending order, at least one (an array or a typed array)
 * @param q percentile from 0 to 100
 * @throws {RangeError} when there are no samples or q is outside 0–100
 * @example
 * ```ts
 * percentile([1, 2, 3, 4], 50); // 2.5
 * ```
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError("Cannot take a percentile: no samples");
  if (!(q >= 0 && q <= 100)) throw new RangeError(`Cannot take percentile "${q}": not in 0–100`);
  const rank = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/**
 * Summarizes samples; returns null when there are none. The mean is an exact sum rounded once
 * (src/stats/exact_sum.ts), so it does not depend on the samples' order: a run merged from
 * shards, or summarized from disk (src/stats/spilled_samples.ts), gives the same bits.
 *
 * @example
 * ```ts
 * summarize([10, 20, 30])?.p50; // 20
 * ```
 */
export function summarize(values: Iterable<number>): Distribution | null {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return null;
  const sum = new ExactSum();
  for (const v of sorted) sum.add(v);
  return {
    count: sorted.length,
    mean: sum.value() / sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}
