/** @module Table and verdict of the baseline section: each compared metric of the matched runs. */
import { ERROR_PCT_POINTS, ruleSummary } from "../baseline.ts";
import { runLabel } from "../load/run_key.ts";
import type { ReportModel } from "../model/model.ts";
import { fixed, NA } from "./format.ts";
import type { Cell, Table } from "./table.ts";

/**
 * The compared metrics of the matched runs: all, those that got worse, or only regressions;
 * null without a baseline.
 */
export function baselineTable(
  m: ReportModel,
  which: "all" | "worse" | "regressions" = "all",
): Table | null {
  const b = m.baseline;
  if (!b) return null;
  const cap = b.capacity;
  const capacityRows: Cell[][] =
    cap && (which === "all" || (which === "worse" ? cap.worse : cap.regression))
      ? [[
        "search",
        `capacity (${cap.load})`,
        "higher",
        fixed(cap.baseline, 2),
        fixed(cap.current, 2),
        cap.change === null ? NA : `${cap.change > 0 ? "+" : ""}${cap.change.toFixed(1)}%`,
        NA,
        cap.regression
          ? { text: "✗ regression", tone: "bad" }
          : cap.worse
          ? "worse, within threshold"
          : "ok",
      ]]
      : [];
  return {
    headers: [
      "Run",
      "Metric",
      "Better",
      "Baseline",
      "Current",
      "Change",
      `${Math.round(b.confidence * 100)}% interval`,
      "Verdict",
    ],
    left: [0, 1, 2, 7],
    rows: [
      ...capacityRows,
      ...b.comparisons.filter((c) =>
        which === "all" || (which === "worse" ? c.worse : c.regression)
      ).map((c) => {
        const points = c.field === "error_pct";
        const changeText = c.change === null
          ? NA
          : `${c.change > 0 ? "+" : ""}${c.change.toFixed(1)}${points ? " pp" : "%"}`;
        const verdict: Cell = c.regression
          ? { text: "✗ regression", tone: "bad" }
          : c.worse
          ? "worse, within threshold"
          : c.change === null
          ? NA
          : "ok";
        return [
          runLabel(c),
          c.field,
          c.better,
          fixed(c.baseline, 2),
          fixed(c.current, 2),
          changeText,
          c.low === null || c.high === null
            ? NA
            : `[${signed(c.low)}, ${signed(c.high)}]${points ? " pp" : "%"}`,
          verdict,
        ];
      }),
    ],
  };
}

function signed(v: number): string {
  return `${v > 0 ? "+" : ""}${v.toFixed(1)}`;
}

/** One sentence on the baseline result, e.g. `3 regressions past 10% against "old/"`. */
export function baselineVerdict(m: ReportModel): string | null {
  const b = m.baseline;
  if (!b) return null;
  const rule = `latency or throughput worse by more than ${b.threshold_pct}%, ` +
    `error rate up by more than ${ERROR_PCT_POINTS} point` +
    (b.capacity ? `, capacity lower by more than ${b.threshold_pct}%` : "");
  const unmatched = b.unmatched.length
    ? ` ${b.unmatched.length} run(s) have no match in the baseline: ${
      b.unmatched.map(runLabel).join(", ")
    }.`
    : "";
  const how = ruleSummary(b);
  return b.regressions === 0
    ? `No regressions against baseline "${b.source}" (${b.kind} folder; rule: ${rule}; ${how}).${unmatched}`
    : `${b.regressions} regression(s) against baseline "${b.source}" (${b.kind} folder; rule: ${rule}; ${how}).${unmatched}`;
}
