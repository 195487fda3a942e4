/**
 * @module The report's one door to `src/stats/` for run summaries. A run missing from
 * summary.json (a sweep killed before it rewrote the file) is rebuilt by feeding its records to
 * the very accumulator the sweep itself uses, so both count tokens, errors and sources alike.
 */
import type { RequestRecord } from "../../results/record.ts";
import type { RunSummary } from "../../results/summary.ts";
import { RunAccumulator, type RunWindow } from "../../stats/run_summary.ts";

export type { RunWindow };

/** Gathers one run's records and summarizes them the way the sweep does. */
export interface RunSummarizer {
  /** Adds one record of the run. */
  add(record: RequestRecord): void;
  /** The run's summary over `window` (empty `metrics`). */
  finish(window: RunWindow): RunSummary;
}

/**
 * A summarizer backed by `src/stats/run_summary.ts`.
 *
 * @example
 * ```ts
 * const run = runSummarizer();
 * for (const r of records) run.add(r);
 * const summary = run.finish({ round: 1, concurrency: 4, started_at, ended_at, complete: false });
 * ```
 */
export function runSummarizer(): RunSummarizer {
  const acc = new RunAccumulator();
  return { add: (r) => acc.add(r), finish: (w) => acc.summary(w) };
}
