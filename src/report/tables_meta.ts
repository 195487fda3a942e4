/** @module The baseline-comparison and provenance tables of the report. */
import { ERROR_PCT_POINTS } from "./baseline.ts";
import { fixed, isoTime, NA, redactUrl } from "./format.ts";
import type { ReportModel } from "./model.ts";
import { runLabel } from "./run_key.ts";
import type { Cell, Table } from "./tables.ts";

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
  return {
    headers: ["Run", "Metric", "Better", "Baseline", "Current", "Change", "Verdict"],
    left: [0, 1, 2, 6],
    rows: b.comparisons.filter((c) =>
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
        verdict,
      ];
    }),
  };
}

/** One sentence on the baseline result, e.g. `3 regressions past 10% against "old/"`. */
export function baselineVerdict(m: ReportModel): string | null {
  const b = m.baseline;
  if (!b) return null;
  const rule = `latency or throughput worse by more than ${b.threshold_pct}%, ` +
    `error rate up by more than ${ERROR_PCT_POINTS} point`;
  const unmatched = b.unmatched.length
    ? ` ${b.unmatched.length} run(s) have no match in the baseline: ${
      b.unmatched.map(runLabel).join(", ")
    }.`
    : "";
  return b.regressions === 0
    ? `No regressions against baseline "${b.source}" (${b.kind} folder; rule: ${rule}).${unmatched}`
    : `${b.regressions} regression(s) against baseline "${b.source}" (${b.kind} folder; rule: ${rule}).${unmatched}`;
}

/** Where the numbers come from: sweep config, versions, times, report parameters. */
export function provenanceTable(m: ReportModel): Table {
  const s = m.sweep.summary;
  const c = s.config;
  const sources = [...new Set(m.views.map((v) => v.summary.tokens.output_source))].join(", ");
  const rows: Array<[string, string]> = [
    ["Pipeline", m.made.pipeline ?? "command line (deno task report)"],
    ["Results folder", m.sweep.dir],
    ["Sweep complete", s.complete ? "yes" : "no (interrupted)"],
    ["Started", isoTime(s.started_at)],
    ["Ended", isoTime(s.ended_at)],
    ["Endpoint", redactUrl(c.endpoint)],
    ["Model", c.model],
    ["Dataset", c.dataset],
    ["Dataset digest (sha256)", c.dataset_digest],
    ["Samples", c.num_samples === null ? "all" : String(c.num_samples)],
    ["Concurrency levels", c.concurrency.join(", ") || NA],
    ["Request rates (req/s)", c.request_rates.join(", ") || NA],
    ["Rounds", String(c.rounds)],
    ["Max context tokens", String(c.max_context_tokens)],
    ["Max output tokens", String(c.max_output_tokens)],
    ["Prefix cache reset between rounds", c.reset_cache_between_rounds ? "yes" : "no"],
    ["Seed", c.seed === null ? NA : String(c.seed)],
    ["Output tokens from", sources || NA],
    [
      "Scraped metrics",
      m.sweep.scrapedPath ??
        (m.views.some((v) => Object.keys(v.metrics).length) ? "summary.json" : "none"),
    ],
    ["turnbench version (sweep)", s.turnbench_version],
    ["turnbench version (report)", m.made.report_version],
    ["Git commit", s.git_commit ?? NA],
    ["Baseline", m.baseline ? m.baseline.source : "none"],
    ["Regression threshold", `${m.made.threshold_pct}%`],
  ];
  return { headers: ["Item", "Value"], left: [0, 1], rows };
}
