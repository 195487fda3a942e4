/**
 * @module A capacity search against its baseline's: higher is better. A nightly pipeline that
 * searches capacity goes red when the capacity fell by more than the threshold, or when the
 * baseline had one and the current search found none (the server now fails at the lowest load).
 */
import type { CapacitySummary } from "../../results/slo.ts";

/** The capacity of a search against the baseline's. */
export interface CapacityComparison {
  load: CapacitySummary["load"];
  baseline: number | null;
  current: number | null;
  /** Relative change, %; null when either is unknown. */
  change: number | null;
  worse: boolean;
  regression: boolean;
  baseline_headline: string;
  current_headline: string;
}

/**
 * Compares two searches' capacities; null unless both folders hold a search.
 *
 * @example
 * ```ts
 * compareCapacity(current.capacity, base.capacity, 10)?.regression; // 37 → 31: true (−16%)
 * ```
 */
export function compareCapacity(
  current: CapacitySummary | null | undefined,
  baseline: CapacitySummary | null | undefined,
  thresholdPct: number,
): CapacityComparison | null {
  if (!current || !baseline) return null;
  const b = baseline.capacity;
  const c = current.capacity;
  const change = b !== null && c !== null && b !== 0 ? ((c - b) / b) * 100 : null;
  const lost = b !== null && c === null && current.status === "fails_at_min";
  const worse = lost || (change !== null && change < 0);
  return {
    load: current.load,
    baseline: b,
    current: c,
    change,
    worse,
    regression: lost || (change !== null && -change > thresholdPct),
    baseline_headline: baseline.headline,
    current_headline: current.headline,
  };
}
