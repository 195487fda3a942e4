/** @module Joins summary.json runs, records and scraped metrics into one view per run. */
import type { MetricDelta, RunSummary } from "../results/summary.ts";
import { summarize } from "../stats/distribution.ts";
import { compareRuns, type RunId, runKey } from "./run_key.ts";
import type { RecordScan, RunSamples } from "./scan.ts";
import type { ScrapedMetrics } from "../results/scraped.ts";

/** One run as the report shows it. */
export interface RunView extends RunId {
  /** From summary.json, or rebuilt from records when the sweep stopped before writing it. */
  summary: RunSummary;
  source: "summary" | "records";
  /** What the records of this run add up to; null when there were no records for it. */
  samples: RunSamples | null;
  /** Scraped series: the summary's, overridden by the scraped file's for the same series. */
  metrics: Record<string, MetricDelta>;
}

/**
 * Builds the run views, sorted by round then load. Runs only in the records (a sweep killed
 * before it rewrote summary.json) are rebuilt from them and marked incomplete; distributions the
 * summary lacks are recomputed from the records.
 *
 * @example
 * ```ts
 * const views = joinRuns(summary.runs, await scanRecords(path), scraped);
 * ```
 */
export function joinRuns(
  runs: readonly RunSummary[],
  scan: RecordScan | null,
  scraped: ScrapedMetrics | null,
): RunView[] {
  const views = new Map<string, RunView>();
  for (const summary of runs) {
    const samples = scan?.runs.get(runKey(summary)) ?? null;
    views.set(runKey(summary), {
      ...idOf(summary),
      summary: samples ? fillFromSamples(summary, samples) : summary,
      source: "summary",
      samples,
      metrics: { ...summary.metrics },
    });
  }
  for (const [key, samples] of scan?.runs ?? []) {
    if (views.has(key)) continue;
    views.set(key, {
      ...idOf(samples),
      summary: summaryFromSamples(samples),
      source: "records",
      samples,
      metrics: {},
    });
  }
  for (const run of scraped?.runs ?? []) {
    const view = views.get(runKey(run));
    if (view) Object.assign(view.metrics, run.metrics);
  }
  return [...views.values()].sort(compareRuns);
}

function idOf(run: RunId): RunId {
  return { round: run.round, concurrency: run.concurrency, request_rate: run.request_rate };
}

/** Fills distributions the summary left null from the records. */
function fillFromSamples(summary: RunSummary, s: RunSamples): RunSummary {
  return {
    ...summary,
    ttft_ms: summary.ttft_ms ?? summarize(s.ttft),
    itl_ms: summary.itl_ms ?? summarize(s.itl),
    tpot_ms: summary.tpot_ms ?? summarize(s.tpot),
    e2e_ms: summary.e2e_ms ?? summarize(s.e2e),
  };
}

/** Rebuilds a run summary from its records alone (the run is marked incomplete). */
export function summaryFromSamples(s: RunSamples): RunSummary {
  return s.acc.finish();
}
