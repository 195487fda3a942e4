/** @module Joins summary.json runs, records and scraped metrics into one view per run. */
import { SUMMARY_FILE } from "../../results/layout.ts";
import type { MetricDelta, RunSummary } from "../../results/summary.ts";
import { compareRuns, type RunId, runIdOf, runKey, runLabel } from "../load/run_key.ts";
import type { RunRecords } from "../load/scan.ts";
import type { LoadedSweep } from "../load/sweep.ts";

/** One run as the report shows it. */
export interface RunView extends RunId {
  /** From summary.json, or rebuilt from records when the sweep stopped before writing it. */
  summary: RunSummary;
  source: "summary" | "records";
  /** What the records of this run add up to; null when there were no records for it. */
  records: RunRecords | null;
  /** Scraped series: the summary's, overridden by the scraped file's for the same series. */
  metrics: Record<string, MetricDelta>;
}

/** The run views, and what the reader should know about how they were joined. */
export interface JoinedRuns {
  views: RunView[];
  notes: string[];
}

/**
 * Builds the run views, sorted by round then load. Runs only in the records (a sweep killed
 * before it rewrote summary.json) take the summary the scan rebuilt through `src/stats/` (marked
 * incomplete); distributions the summary lacks are taken from that rebuild too.
 *
 * @example
 * ```ts
 * const { views } = joinRuns(await loadSweep("runs/today"));
 * ```
 */
export function joinRuns(sweep: Pick<LoadedSweep, "summary" | "scan" | "scraped">): JoinedRuns {
  const { scan, scraped } = sweep;
  const views = new Map<string, RunView>();
  const notes: string[] = [];
  for (const summary of sweep.summary.runs) {
    const records = scan?.runs.get(runKey(summary)) ?? null;
    views.set(runKey(summary), {
      ...runIdOf(summary),
      summary: records?.summary ? fillDistributions(summary, records.summary) : summary,
      source: "summary",
      records,
      metrics: { ...summary.metrics },
    });
  }
  for (const [key, records] of scan?.runs ?? []) {
    if (views.has(key) || !records.summary) continue;
    views.set(key, {
      ...runIdOf(records),
      summary: records.summary,
      source: "records",
      records,
      metrics: {},
    });
  }
  for (const run of scraped?.runs ?? []) {
    const view = views.get(runKey(run));
    if (view) Object.assign(view.metrics, run.metrics);
  }
  const sorted = [...views.values()].sort(compareRuns);
  for (const v of sorted) {
    if (v.source === "records") {
      notes.push(`Run ${runLabel(v)} is missing from ${SUMMARY_FILE}: rebuilt from its records`);
    }
  }
  for (const r of scraped?.runs ?? []) {
    if (!views.has(runKey(r))) notes.push(`Scraped metrics for ${runLabel(r)} match no run`);
  }
  return { views: sorted, notes };
}

/** Fills distributions the summary left null from the run rebuilt from its records. */
function fillDistributions(summary: RunSummary, rebuilt: RunSummary): RunSummary {
  return {
    ...summary,
    ttft_ms: summary.ttft_ms ?? rebuilt.ttft_ms,
    itl_ms: summary.itl_ms ?? rebuilt.itl_ms,
    tpot_ms: summary.tpot_ms ?? rebuilt.tpot_ms,
    e2e_ms: summary.e2e_ms ?? rebuilt.e2e_ms,
  };
}
