/** @module Compares a sweep with an earlier one (results or report folder) and flags regressions. */
import { join } from "node:path";
import { SUMMARY_FILE } from "../results/layout.ts";
import { isReportSummary, readReportSummary } from "../results/report_row.ts";
import { UserError } from "../util/errors.ts";
import { type RunId, runIdOf, runKey } from "./load/run_key.ts";
import { exists, loadSweep } from "./load/sweep.ts";
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

/** One metric of one run against the baseline. */
export interface Comparison extends RunId, BaselineMetric {
  baseline: number | null;
  current: number | null;
  /** Relative change in %; for error_pct the change in percentage points. */
  change: number | null;
  worse: boolean;
  regression: boolean;
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
): Promise<{ rows: ReportRow[]; kind: "results" | "report"; capacity?: CapacitySummary | null }> {
  const dir = path.endsWith(".json") ? join(path, "..") : path;
  const file = join(dir, SUMMARY_FILE);
  if (!await exists(file)) {
    throw new UserError(`Cannot read baseline "${path}": no ${SUMMARY_FILE} in it`);
  }
  if (await isReportSummary(file)) {
    const report = await readReportSummary(file);
    return { rows: report.runs, kind: "report", capacity: report.capacity };
  }
  const sweep = await loadSweep(dir);
  const capacity = sweep.summary.capacity ?? null;
  const { views } = joinRuns(sweep);
  const truth = truthModel(sweep.summary, views).runs;
  return { rows: toRows(views, capacity, truth), kind: "results", capacity };
}

/**
 * Compares rows with baseline rows matched by round and load; a metric is a regression when it
 * moved the worse way by more than `thresholdPct` percent (error_pct: more than
 * {@link ERROR_PCT_POINTS} points).
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
  opts: {
    source: string;
    kind: "results" | "report";
    thresholdPct: number;
    /** Capacity searches of both folders, when they hold one. */
    capacity?: { current?: CapacitySummary | null; baseline?: CapacitySummary | null };
  },
): BaselineResult {
  const base = new Map(baseRows.map((r) => [runKey(r), r]));
  const comparisons: Comparison[] = [];
  const unmatched: RunId[] = [];
  for (const row of rows) {
    const id = runIdOf(row);
    const b = base.get(runKey(id));
    if (!b) {
      unmatched.push(id);
      continue;
    }
    for (const metric of BASELINE_METRICS) {
      comparisons.push(
        compareOne(id, metric, b[metric.field], row[metric.field], opts.thresholdPct),
      );
    }
  }
  const capacity = compareCapacity(
    opts.capacity?.current,
    opts.capacity?.baseline,
    opts.thresholdPct,
  );
  const regressions = comparisons.filter((c) => c.regression).length +
    (capacity?.regression ? 1 : 0);
  return {
    source: opts.source,
    kind: opts.kind,
    threshold_pct: opts.thresholdPct,
    comparisons,
    unmatched,
    regressions,
    ...(capacity ? { capacity } : {}),
  };
}

function compareOne(
  id: RunId,
  metric: BaselineMetric,
  baseValue: unknown,
  currentValue: unknown,
  thresholdPct: number,
): Comparison {
  const baseline = typeof baseValue === "number" ? baseValue : null;
  const current = typeof currentValue === "number" ? currentValue : null;
  const points = metric.field === "error_pct";
  let delta: number | null = null;
  if (baseline !== null && current !== null) {
    if (points) delta = current - baseline;
    else if (baseline !== 0) delta = ((current - baseline) / baseline) * 100;
  }
  const worse = delta !== null && (metric.better === "lower" ? delta > 0 : delta < 0);
  const limit = points ? ERROR_PCT_POINTS : thresholdPct;
  const regression = worse && Math.abs(delta!) > limit;
  return { ...id, ...metric, baseline, current, change: delta, worse, regression };
}
