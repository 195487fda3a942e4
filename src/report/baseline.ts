/** @module Compares a sweep with an earlier one (results or report folder) and flags regressions. */
import { join } from "node:path";
import { SUMMARY_FILE } from "../results/layout.ts";
import { isReportSummary, readReportSummary } from "../results/report_row.ts";
import { type IntervalMethod, verdictOf } from "../stats/bootstrap.ts";
import { groupKey, type PairedSamples } from "../stats/paired_samples.ts";
import { UserError } from "../util/errors.ts";
import { type RunId, runIdOf } from "./load/run_key.ts";
import { exists, loadSweep } from "./load/sweep.ts";
import { metricChanges } from "./model/baseline_intervals.ts";
import { toRows } from "./model/rows.ts";
import { joinRuns } from "./model/runs.ts";
import type { FieldName, ReportRow } from "../results/report_row.ts";
import type { CapacitySummary } from "../results/slo.ts";
import { type CapacityComparison, compareCapacity } from "./model/capacity_change.ts";
import { truthModel } from "./model/truth.ts";

export { REPORT_KIND } from "../results/report_row.ts";

/** Exit code of `deno task report --fail-on-regression` when a regression is found. */
export const REGRESSION_EXIT_CODE = 3;

/** Rise of `error_pct` (in percentage points) past which it counts as a regression. */
export const ERROR_PCT_POINTS = 1;

/** A compared metric and which way is worse. */
export interface BaselineMetric {
  field: FieldName;
  /** `lower`: a rise is worse (latency, errors); `higher`: a fall is worse (throughput). */
  better: "lower" | "higher";
}

/** The metrics compared against a baseline. */
export const BASELINE_METRICS: readonly BaselineMetric[] = [
  ...(["ttft_ms", "itl_ms", "tpot_ms", "e2e_ms"] as const).flatMap((m) =>
    (["p50", "p90", "p99"] as const).map((s): BaselineMetric => ({
      field: `${m}_${s}`,
      better: "lower",
    }))
  ),
  { field: "requests_per_s", better: "higher" },
  { field: "output_tokens_per_s", better: "higher" },
  { field: "error_pct", better: "lower" },
];

/**
 * One metric of one run (round × load; every trial of it together) against the baseline.
 * Values are the runs' own with one trial a side; with trials, pooled over them (percentiles from
 * the records) or their mean (values from the rows).
 */
export interface Comparison extends RunId, BaselineMetric {
  baseline: number | null;
  current: number | null;
  /** Relative change in %; for error_pct the change in percentage points. */
  change: number | null;
  worse: boolean;
  regression: boolean;
  /** The confidence interval of the change, when trials or paired sessions gave one; else null. */
  low: number | null;
  high: number | null;
  /**
   * `interval`: a regression only when the whole interval lies past the threshold; `threshold`:
   * no interval, so the single change past the threshold counts (the rule without trials).
   */
  rule: "interval" | "threshold";
  /** What the interval was drawn over; `none` without one. */
  method: IntervalMethod;
  /** Why there is no interval, when there is none. */
  note: string | null;
}

/** The comparison of a whole sweep with its baseline. */
export interface BaselineResult {
  source: string;
  kind: "results" | "report";
  threshold_pct: number;
  comparisons: Comparison[];
  /** Current runs with no run of the same round and load in the baseline. */
  unmatched: RunId[];
  regressions: number;
  /** Confidence level of the intervals. */
  confidence: number;
  /** Trials of the current sweep and of the baseline (most of any run). */
  trials: { current: number; baseline: number };
  /** Both folders hold a capacity search: its capacity against the baseline's (higher is better). */
  capacity?: CapacityComparison | null;
}

/**
 * Reads the per-run rows of a baseline: a report folder (its summary.json rows), or a results
 * folder (rows rebuilt from its summary and records).
 *
 * @throws {UserError} when the path holds neither
 */
export async function loadBaselineRows(
  path: string,
): Promise<{
  rows: ReportRow[];
  kind: "results" | "report";
  paired: PairedSamples | null;
  capacity?: CapacitySummary | null;
}> {
  const dir = path.endsWith(".json") ? join(path, "..") : path;
  const file = join(dir, SUMMARY_FILE);
  if (!await exists(file)) {
    throw new UserError(`Cannot read baseline "${path}": no ${SUMMARY_FILE} in it`);
  }
  if (await isReportSummary(file)) {
    const report = await readReportSummary(file);
    return { rows: report.runs, kind: "report", paired: null, capacity: report.capacity };
  }
  const sweep = await loadSweep(dir, undefined, { paired: true });
  const capacity = sweep.summary.capacity ?? null;
  const { views } = joinRuns(sweep);
  const truth = truthModel(sweep.summary, views).runs;
  return { rows: toRows(views, capacity, truth), kind: "results", paired: sweep.paired, capacity };
}

/** Options of {@link compareWithBaseline}. */
export interface BaselineOptions {
  source: string;
  kind: "results" | "report";
  thresholdPct: number;
  /** Per-session samples of each side (results folders with records), for paired intervals. */
  paired?: { current: PairedSamples | null; baseline: PairedSamples | null };
  /** Confidence level (default 0.95), bootstrap resamples (1000), seed (1). */
  confidence?: number;
  iterations?: number;
  seed?: number;
  /** Capacity searches of both folders, when they hold one. */
  capacity?: { current?: CapacitySummary | null; baseline?: CapacitySummary | null };
}

interface Group {
  id: RunId;
  rows: ReportRow[];
}

function groups(rows: readonly ReportRow[]): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const r of rows) {
    const key = groupKey(r);
    const { trial: _, ...id } = runIdOf(r);
    if (!out.has(key)) out.set(key, { id, rows: [] });
    out.get(key)!.rows.push(r);
  }
  return out;
}

/**
 * Compares rows with baseline rows matched by round and load (every trial of a run together).
 * With trials or paired sessions a metric gets a confidence interval of its change
 * (model/baseline_intervals.ts), and it is a regression only when the whole interval lies past
 * `thresholdPct` on the worse side (error_pct: past {@link ERROR_PCT_POINTS} points). Without an
 * interval the rule is the single-value one: worse by more than the threshold.
 *
 * @example
 * ```ts
 * const result = compareWithBaseline(rows, base.rows, { source: "old/", kind: "report", thresholdPct: 10 });
 * if (result.regressions > 0) Deno.exitCode = 3;
 * ```
 */
export function compareWithBaseline(
  rows: readonly ReportRow[],
  baseRows: readonly ReportRow[],
  opts: BaselineOptions,
): BaselineResult {
  const base = groups(baseRows);
  const comparisons: Comparison[] = [];
  const unmatched: RunId[] = [];
  for (const [key, group] of groups(rows)) {
    const b = base.get(key);
    if (!b) {
      unmatched.push(group.id);
      continue;
    }
    const { changes } = metricChanges(
      { rows: b.rows, group: opts.paired?.baseline?.groups.get(key) ?? null },
      { rows: group.rows, group: opts.paired?.current?.groups.get(key) ?? null },
      BASELINE_METRICS,
      { key, confidence: opts.confidence, iterations: opts.iterations, seed: opts.seed },
    );
    BASELINE_METRICS.forEach((metric, i) => {
      const c = changes[i];
      const limit = metric.field === "error_pct" ? ERROR_PCT_POINTS : opts.thresholdPct;
      const worse = c.change !== null && (metric.better === "lower" ? c.change > 0 : c.change < 0);
      const interval = c.low !== null && c.high !== null;
      comparisons.push({
        ...group.id,
        ...metric,
        baseline: c.a,
        current: c.b,
        change: c.change,
        worse,
        regression: interval
          ? verdictOf(c, metric.better, limit) === "worse"
          : worse && Math.abs(c.change!) > limit,
        low: c.low,
        high: c.high,
        rule: interval ? "interval" : "threshold",
        method: c.method,
        note: c.note,
      });
    });
  }
  const capacity = compareCapacity(
    opts.capacity?.current,
    opts.capacity?.baseline,
    opts.thresholdPct,
  );
  const regressions = comparisons.filter((c) => c.regression).length +
    (capacity?.regression ? 1 : 0);
  const most = (rs: readonly ReportRow[]) => 1 + Math.max(0, ...rs.map((r) => r.trial ?? 0));
  return {
    source: opts.source,
    kind: opts.kind,
    threshold_pct: opts.thresholdPct,
    comparisons,
    unmatched,
    regressions,
    confidence: opts.confidence ?? 0.95,
    trials: { current: most(rows), baseline: most(baseRows) },
    ...(capacity ? { capacity } : {}),
  };
}

/**
 * How the regressions were judged, as a clause: by confidence intervals, by single values (no
 * trials or paired sessions: the rule of a fixed threshold), or both for different metrics.
 *
 * @example
 * ```ts
 * ruleSummary(result); // "each change's 95% interval must lie past the threshold (paired sessions)"
 * ```
 */
export function ruleSummary(
  b: Pick<BaselineResult, "comparisons" | "confidence">,
): string {
  const judged = b.comparisons.filter((c) => c.change !== null);
  const withInterval = judged.filter((c) => c.rule === "interval");
  const over = [...new Set(withInterval.map((c) => c.method))]
    .map((m) => (m === "trials" ? "trials" : "paired sessions")).join(", ");
  const level = `${Math.round(b.confidence * 100)}%`;
  if (withInterval.length === 0) {
    return "single values compared (no trials or paired sessions): a change past the threshold " +
      "counts, as without intervals";
  }
  if (withInterval.length === judged.length) {
    return `each change's ${level} interval must lie past the threshold (over ${over})`;
  }
  const why = [...new Set(judged.filter((c) => c.rule === "threshold").map((c) => reason(c.note)))];
  return `${level} intervals (over ${over}) for ${withInterval.length} of ${judged.length} ` +
    `comparisons; the other ${judged.length - withInterval.length} have none (${why.join("; ")}) ` +
    "and count past the threshold as single values";
}

/** A short reason for a missing interval. */
function reason(note: string | null): string {
  if (note?.startsWith("too few samples")) return "tail percentiles of too few samples";
  if (note?.startsWith("a run-level figure")) return "run-level figures need repeat ≥ 3 a side";
  return note ?? "no interval";
}
