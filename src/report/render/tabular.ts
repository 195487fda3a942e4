/** @module Writes the per-run rows as CSV and the report's machine-readable summary.json. */
import { FIELD_NAMES, REPORT_KIND, type ReportRow } from "../../results/report_row.ts";
import { runLabel } from "../load/run_key.ts";
import type { ReportModel } from "../model/model.ts";

/** Quotes a CSV value when needed, and defuses text a spreadsheet would run as a formula. */
function csvValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  let text = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Renders rows as CSV with the stable header of {@link FIELD_NAMES} (see FIELDS.md).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("summary.csv", renderCsv(model.rows));
 * ```
 */
export function renderCsv(rows: readonly ReportRow[]): string {
  const lines = [FIELD_NAMES.join(",")];
  for (const row of rows) lines.push(FIELD_NAMES.map((f) => csvValue(row[f])).join(","));
  return lines.join("\n") + "\n";
}

/**
 * Builds the report's summary.json: the rows (`runs`), the round changes, the baseline
 * comparison, and provenance. `kind` tells it apart from a sweep's summary.json, so a report
 * folder can serve as a later baseline.
 */
export function reportJson(m: ReportModel): Record<string, unknown> {
  const s = m.sweep.summary;
  return {
    kind: REPORT_KIND,
    format: 1,
    title: m.title,
    complete: m.complete,
    incomplete_runs: m.incompleteRuns,
    provenance: {
      pipeline: m.made.pipeline,
      results: m.sweep.dir,
      scraped: m.sweep.scrapedPath,
      started_at: new Date(s.started_at).toISOString(),
      ended_at: new Date(s.ended_at).toISOString(),
      sweep_complete: s.complete,
      turnbench_version: s.turnbench_version,
      report_version: m.made.report_version,
      git_commit: s.git_commit,
      config: s.config,
    },
    runs: m.rows,
    capacity: m.capacity,
    round_changes: m.changes.map((c) => ({
      round: c.round,
      load: c.load,
      ttft_ms_p50: c.ttftP50,
      ttft_ms_p99: c.ttftP99,
      output_tokens_per_s: c.outputTokensPerS,
      requests_per_s: c.requestsPerS,
      server_cache_hit_pct: c.cacheHitPct,
    })),
    baseline: m.baseline && {
      source: m.baseline.source,
      kind: m.baseline.kind,
      threshold_pct: m.baseline.threshold_pct,
      regressions: m.baseline.regressions,
      unmatched_runs: m.baseline.unmatched.map(runLabel),
      comparisons: m.baseline.comparisons,
      capacity: m.baseline.capacity ?? null,
    },
    notes: m.notes,
    warnings: m.truth.warnings,
  };
}
