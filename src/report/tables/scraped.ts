/** @module Table of the scraped-metrics section: each series (rows) by run (columns). */
import { runLabel } from "../load/run_key.ts";
import type { ReportModel } from "../model/model.ts";
import { isBucket, scrapedSeries, shownValue } from "../model/scraped_series.ts";
import { NA } from "./format.ts";
import type { Table } from "./table.ts";

/** Formats a scraped delta: integers as they are, others to 4 significant digits. */
export function deltaText(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NA;
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/**
 * Scraped series (rows) by run (columns): the delta over each run, histogram buckets left out;
 * null when none scraped.
 */
export function scrapedTable(m: ReportModel): Table | null {
  const series = scrapedSeries(m).filter((s) => !isBucket(s));
  if (series.length === 0) return null;
  return {
    headers: ["Series (change over the run; gauges: value at its end)", ...m.views.map(runLabel)],
    left: [0],
    rows: series.map((s) => [s, ...m.views.map((v) => deltaText(shownValue(v.metrics[s])))]),
  };
}
