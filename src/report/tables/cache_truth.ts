/**
 * @module Table of the cache-truth section: per run, the cached tokens an ideal cache serves
 * (expected), what the server reported and what its counters show (scraped), the efficiency,
 * and whether the reset before the run cleared the cache.
 */
import { runLabel } from "../load/run_key.ts";
import type { ReportModel } from "../model/model.ts";
import { NA, pct } from "./format.ts";
import type { Cell, Table } from "./table.ts";

const VERDICTS = {
  agree: "agree",
  below: "below: eviction or a missed hit",
  above: "above: a cache the client did not know of",
};

/** Expected, reported and scraped cached tokens per run; null when no run has them. */
export function cacheTruthTable(m: ReportModel): Table | null {
  const rows = m.views.flatMap((v, i): Cell[][] => {
    const c = m.truth.runs[i].cacheTruth;
    if (!c) return [];
    const reset: Cell = c.reset === null
      ? NA
      : c.reset.cleared === false
      ? { text: `not cleared (${pct(c.reset.reported_share * 100)} cached)`, tone: "bad" }
      : c.reset.cleared
      ? "cleared"
      : "not judged";
    return [[
      runLabel(v),
      String(c.expected),
      c.reported === null ? NA : String(c.reported),
      c.scraped === null ? NA : String(Math.round(c.scraped)),
      pct(c.scraped_hit_rate === null ? null : c.scraped_hit_rate * 100),
      pct(c.efficiency === null ? null : c.efficiency * 100),
      c.verdict === null
        ? NA
        : c.verdict === "agree"
        ? VERDICTS.agree
        : { text: VERDICTS[c.verdict], tone: "warn" },
      reset,
    ]];
  });
  if (rows.length === 0) return null;
  return {
    headers: [
      "Run",
      "Expected cached",
      "Reported cached",
      "Scraped cached",
      "Hit (scraped)",
      "Efficiency",
      "Verdict",
      "Reset before the run",
    ],
    left: [0, 6, 7],
    rows,
  };
}
