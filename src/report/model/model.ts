/** @module Everything a report shows, computed once and rendered as Markdown, HTML, CSV and JSON. */
import { VERSION } from "../../version.ts";
import { type BaselineResult, compareWithBaseline, loadBaselineRows } from "../baseline.ts";
import { runLabel } from "../load/run_key.ts";
import { groupKey } from "../../stats/paired_samples.ts";
import { type LoadedSweep, loadSweep } from "../load/sweep.ts";
import type { ReportRow } from "../../results/report_row.ts";
import { type RoundChange, roundChanges } from "./round_change.ts";
import { toRows } from "./rows.ts";
import { joinRuns, type RunView } from "./runs.ts";
import type { CapacitySummary } from "../../results/slo.ts";
import { sloNotes } from "./slo_notes.ts";
import { type TruthModel, truthModel } from "./truth.ts";

/** What to report on; the plain-typed options behind the CLI and the stage. */
export interface ReportOptions {
  /** The sweep's results folder. */
  results: string;
  /** A scraped.json (default: the one in the results folder, if any). */
  scraped?: string;
  /** An earlier results or report folder to compare with. */
  baseline?: string;
  /** Regression threshold in percent (default 10). */
  thresholdPct?: number;
  title?: string;
  /** Where the report was made (e.g. `pipeline stage "report"`), for provenance. */
  pipeline?: string;
}

/** The computed report. */
export interface ReportModel {
  title: string;
  sweep: LoadedSweep;
  views: RunView[];
  rows: ReportRow[];
  changes: RoundChange[];
  baseline: BaselineResult | null;
  /** False when the sweep stopped early or any run is incomplete. */
  complete: boolean;
  /** Labels of incomplete runs. */
  incompleteRuns: string[];
  notes: string[];
  /** How the report was made, shown under Provenance. */
  made: { pipeline: string | null; report_version: string; threshold_pct: number };
  /** A capacity search's outcome (its folder's summary.json `capacity`); null for a sweep. */
  capacity: CapacitySummary | null;
  /** Tokens and cache truth per run (parallel to `views`), server, tokenizer, warnings (issue 12). */
  truth: TruthModel;
}

/**
 * Loads a results folder (and a baseline) and computes the report.
 *
 * @throws {UserError} on a missing or invalid results or baseline folder
 * @example
 * ```ts
 * const model = await buildModel({ results: "runs/today", baseline: "runs/yesterday" });
 * console.log(model.rows.length, model.baseline?.regressions);
 * ```
 */
export async function buildModel(opts: ReportOptions): Promise<ReportModel> {
  const thresholdPct = opts.thresholdPct ?? 10;
  const sweep = await loadSweep(opts.results, opts.scraped, { paired: !!opts.baseline });
  const { views, notes } = joinRuns(sweep);
  const capacity = sweep.summary.capacity ?? null;
  const truth = truthModel(sweep.summary, views);
  let rows = toRows(views, capacity, truth.runs);
  let baseline: BaselineResult | null = null;
  if (opts.baseline) {
    const base = await loadBaselineRows(opts.baseline);
    baseline = compareWithBaseline(rows, base.rows, {
      source: opts.baseline,
      kind: base.kind,
      thresholdPct,
      paired: { current: sweep.paired, baseline: base.paired },
      capacity: { current: capacity, baseline: base.capacity },
    });
    const flagged = new Map<string, number>();
    for (const c of baseline.comparisons) {
      if (c.regression) flagged.set(groupKey(c), (flagged.get(groupKey(c)) ?? 0) + 1);
    }
    rows = rows.map((r) => ({ ...r, regressions: flagged.get(groupKey(r)) ?? 0 }));
  }
  const incompleteRuns = views.filter((v) => !v.summary.complete && !v.summary.stopped_saturated)
    .map(runLabel);
  const trials = new Set(views.map((v) => v.trial ?? 0)).size;
  const repeated = trials > 1 && !capacity
    ? [
      `Repeated sweep: ${trials} trials of every run (t1, t2, … after the first in the tables; ` +
      "the first trial in the line charts). To tell a change from the spread between trials, " +
      "compare sweeps with `deno task compare`.",
    ]
    : [];
  return {
    title: opts.title ?? `turnbench report: ${sweep.summary.config.model}`,
    sweep,
    views,
    rows,
    changes: roundChanges(views),
    baseline,
    complete: sweep.summary.complete && incompleteRuns.length === 0,
    incompleteRuns,
    notes: [...sweep.notes, ...notes, ...sloNotes(views, capacity), ...repeated],
    made: { pipeline: opts.pipeline ?? null, report_version: VERSION, threshold_pct: thresholdPct },
    capacity,
    truth,
  };
}
