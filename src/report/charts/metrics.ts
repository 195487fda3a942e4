/**
 * @module Charts `chart-metric-<n>`: one bar chart per scraped metric that changed, its labelled
 * series as bars per run (histogram buckets are left to scraped.json: they would crowd a chart).
 */
import { runLabel } from "../load/run_key.ts";
import { seriesLabels, seriesName } from "../model/cache_metrics.ts";
import type { ReportModel } from "../model/model.ts";
import { isBucket, scrapedSeries, shownValue } from "../model/scraped_series.ts";
import { type ChartSpec, type ReportChart, SERIES_COLORS } from "./chart.ts";

/** Most scraped metrics drawn (one chart each) and most series per chart. */
export const MAX_METRIC_CHARTS = 24;
const MAX_SERIES_PER_CHART = 10;

const id = "chart-metric";

/** A chart per scraped metric: the change over each run, or a gauge's value at its end. */
export const metricCharts: ReportChart = {
  id,
  section: "scraped",
  build(m) {
    const labels = m.views.map(runLabel);
    return [...metricsThatMoved(m)].slice(0, MAX_METRIC_CHARTS).map(([name, all], i) => ({
      id: `${id}-${i}`,
      title: name,
      kind: "bar",
      labels,
      xTitle: "Run (round, load)",
      yTitle: all.some((s) => m.views.some((v) => v.metrics[s]?.type === "gauge"))
        ? "Value at the run's end"
        : "Change over the run",
      series: all.slice(0, MAX_SERIES_PER_CHART).map((series, j) => ({
        label: distinctLabels(series, all) || name,
        data: m.views.map((v) => shownValue(v.metrics[series])),
        color: SERIES_COLORS[j % SERIES_COLORS.length],
      })),
    } satisfies ChartSpec));
  },
};

/** Series by metric name, for metrics with a series that moved in some run, buckets left out. */
function metricsThatMoved(m: ReportModel): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  const moved = (series: string) => m.views.some((v) => (shownValue(v.metrics[series]) ?? 0) !== 0);
  for (const series of scrapedSeries(m)) {
    if (isBucket(series) || !moved(series)) continue;
    const name = seriesName(series);
    byName.set(name, [...(byName.get(name) ?? []), series]);
  }
  return byName;
}

/** The labels of a series that differ among `all` (e.g. `finished_reason="stop"`). */
function distinctLabels(series: string, all: string[]): string {
  const pairs = (s: string): string[] =>
    seriesLabels(s).match(/[A-Za-z_][A-Za-z0-9_]*="(?:[^"\\]|\\.)*"/g) ?? [];
  const common = all.length > 1
    ? pairs(all[0]).filter((p) => all.every((s) => pairs(s).includes(p)))
    : [];
  return pairs(series).filter((p) => !common.includes(p)).join(", ");
}
