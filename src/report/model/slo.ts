/**
 * @module Which SLO figures the report shows for a run: over the whole run for a sweep, over the
 * steady window for a capacity search's probes (the window is what each probe was judged on, so
 * the curve and the search's verdicts agree).
 */
import type { SloSummary } from "../../results/slo.ts";
import type { CapacitySummary } from "../../results/slo.ts";
import type { RunSummary } from "../../results/summary.ts";

/** Where a run's SLO figures come from. */
export type SloScope = "run" | "steady";

/** The scope of a folder's SLO figures: `steady` when it holds a capacity search. */
export function sloScope(capacity: CapacitySummary | null | undefined): SloScope {
  return capacity ? "steady" : "run";
}

/**
 * A run's SLO figures in that scope; null without an SLO. Goodput of the steady scope is per
 * second of the window.
 *
 * @example
 * ```ts
 * sloOf(view.summary, "steady")?.attainment; // 0.97
 * ```
 */
export function sloOf(s: RunSummary, scope: SloScope): SloSummary | null {
  if (!s.slo) return null;
  return scope === "steady" ? s.slo.steady ?? s.slo : s.slo;
}
