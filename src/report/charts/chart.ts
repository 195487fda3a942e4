/**
 * @module What a chart of report.html is: a module `{ id, section, build(model) }` whose build
 * returns the plain JSON the page hands to chart.js (see render/html_client.ts). Shared colours
 * and rounding live here too.
 */
import type { ReportModel } from "../model/model.ts";

/** One line, point set or bar group of a chart. */
export interface SeriesSpec {
  label: string;
  /** Values by category (line/bar), or `[x, y]` points (xy/scatter). */
  data: Array<number | null> | Array<[number, number]>;
  color: string;
  /** Dash pattern; empty for a solid line. */
  dash?: number[];
  /** `y2`: the right-hand axis. */
  axis?: "y" | "y2";
}

/** One chart of the page, as drawn; `id` is its canvas id. */
export interface ChartSpec {
  id: string;
  title: string;
  /** `line`/`bar` over categories, `xy` lines over numbers, `scatter` points. */
  kind: "line" | "bar" | "xy" | "scatter";
  labels?: string[];
  xTitle: string;
  yTitle: string;
  y2Title?: string;
  series: SeriesSpec[];
}

/** The report sections that hold charts (ids of render/sections.ts). */
export type ChartSection = "latency" | "ttft" | "cache" | "scraped" | "slo" | "turns";

/**
 * One chart module. `build` returns its chart, or for a family of charts (one per scraped
 * metric) a list whose ids are `<id>-0`, `<id>-1`, …. A chart with no data to draw is left out of
 * the page by the registry.
 */
export interface ReportChart {
  /** The canvas id (`chart-ttft`), or for a family the id prefix (`chart-metric`). */
  id: string;
  /** The section of the page it is drawn in. */
  section: ChartSection;
  build(m: ReportModel): ChartSpec | ChartSpec[];
}

/** Colours by round (1-based). */
const ROUND_COLORS = ["#1f77b4", "#e8710a", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

/** Colours for series that are not rounds. */
export const SERIES_COLORS = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

/** The colour of a round's series. */
export function roundColor(round: number): string {
  return ROUND_COLORS[(round - 1) % ROUND_COLORS.length];
}

/** A value rounded to 2 decimals (keeps the page's JSON short). */
export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
