/** @module The data of every chart in report.html, as plain JSON the page hands to chart.js. */
import { type Distribution, percentile } from "../stats/distribution.ts";
import { CACHE_PAIRS, cacheHitPct, seriesLabels, seriesName } from "./cache_metrics.ts";
import type { ReportModel } from "./model.ts";
import { isBucket, scrapedSeries, shownValue } from "./tables.ts";
import { compareLoads, loadKey, loadLabel, runLabel } from "./run_key.ts";
import type { RunView } from "./runs.ts";

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

/** One chart of the page. */
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

/** Colours by round (1-based). */
const ROUND_COLORS = ["#1f77b4", "#e8710a", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
/** Colours for series that are not rounds. */
const SERIES_COLORS = [
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
const PERCENTILES = [["p50", []], ["p90", [10, 5]], ["p99", [3, 3]]] as const;
/** Most scraped metrics drawn (one chart each) and most series per chart. */
export const MAX_METRIC_CHARTS = 24;
const MAX_SERIES_PER_CHART = 10;

const roundColor = (round: number) => ROUND_COLORS[(round - 1) % ROUND_COLORS.length];

/**
 * Builds every chart with data to draw; a chart with nothing to draw is left out.
 *
 * @example
 * ```ts
 * const specs = chartSpecs(model); // embedded as JSON in report.html
 * ```
 */
export function chartSpecs(m: ReportModel): ChartSpec[] {
  const loads = [...new Map(m.views.map((v) => [loadKey(v), v])).values()].sort(compareLoads);
  const rounds = [...new Set(m.views.map((v) => v.round))].sort((a, b) => a - b);
  const at = (round: number, load: RunView) =>
    m.views.find((v) => v.round === round && loadKey(v) === loadKey(load));
  const modes = new Set(loads.map((l) => (l.concurrency !== null ? "c" : "r")));
  const xTitle = modes.size > 1
    ? "Load (concurrency or request rate)"
    : modes.has("r")
    ? "Request rate (requests/s)"
    : "Concurrency (sessions in flight)";
  const labels = loads.map(loadLabel);
  const specs: ChartSpec[] = [];
  const latency = (id: string, name: string, pick: (v: RunView) => Distribution | null) => {
    specs.push({
      id,
      title: `${name} percentiles against load, per round`,
      kind: "line",
      labels,
      xTitle,
      yTitle: `${name} (ms)`,
      series: rounds.flatMap((round) =>
        PERCENTILES.map(([p, dash]) => ({
          label: `Round ${round} ${p}`,
          data: loads.map((l) => {
            const d = at(round, l) && pick(at(round, l)!);
            return d ? d[p] : null;
          }),
          color: roundColor(round),
          dash: [...dash],
        }))
      ),
    });
  };
  latency("chart-ttft", "TTFT", (v) => v.summary.ttft_ms);
  latency("chart-itl", "ITL", (v) => v.summary.itl_ms);
  latency("chart-tpot", "TPOT", (v) => v.summary.tpot_ms);
  latency("chart-e2e", "E2E latency", (v) => v.summary.e2e_ms);
  specs.push({
    id: "chart-throughput",
    title: "Throughput against load, per round",
    kind: "line",
    labels,
    xTitle,
    yTitle: "Output tokens/s (solid)",
    y2Title: "Requests/s (dashed)",
    series: rounds.flatMap((round) => [
      {
        label: `Round ${round} output tok/s`,
        data: loads.map((l) => at(round, l)?.summary.throughput.output_tokens_per_s ?? null),
        color: roundColor(round),
      },
      {
        label: `Round ${round} requests/s`,
        data: loads.map((l) => at(round, l)?.summary.throughput.requests_per_s ?? null),
        color: roundColor(round),
        dash: [6, 4],
        axis: "y2" as const,
      },
    ]),
  });
  specs.push(...recordCharts(m, rounds), ...cacheAndMetricCharts(m));
  return specs.filter((s) => s.series.some((x) => x.data.some((d) => d !== null)));
}

/** TTFT CDF per round and TTFT against context tokens, from the records. */
function recordCharts(m: ReportModel, rounds: number[]): ChartSpec[] {
  const cdf = rounds.map((round) => {
    const ttft = m.views.filter((v) => v.round === round).flatMap((v) => v.samples?.ttft ?? []);
    const sorted = Float64Array.from(ttft).sort();
    const data: Array<[number, number]> = [];
    if (sorted.length) {
      for (let q = 0; q <= 100; q++) data.push([round2(percentile(sorted, q)), q]);
    }
    return { label: `Round ${round} (${sorted.length} requests)`, data, color: roundColor(round) };
  });
  const scatter = rounds.map((round) => ({
    label: `Round ${round}`,
    data: (m.sweep.scan?.scatter.get(round) ?? []).map((
      [x, y],
    ): [number, number] => [x, round2(y)]),
    color: roundColor(round),
  }));
  return [
    {
      id: "chart-ttft-cdf",
      title: "TTFT distribution: round 1 against round 2 (all loads, cumulative)",
      kind: "xy",
      xTitle: "TTFT (ms)",
      yTitle: "Requests with TTFT at most x (%)",
      series: cdf,
    },
    {
      id: "chart-ttft-context",
      title: "TTFT against context size (sampled requests)",
      kind: "scatter",
      xTitle: "Context tokens (prompt after truncation)",
      yTitle: "TTFT (ms)",
      series: scatter,
    },
  ];
}

/**
 * Cache hit rate per run, and one bar chart per scraped metric that changed (labelled series as
 * bars; histogram buckets left to the table).
 */
function cacheAndMetricCharts(m: ReportModel): ChartSpec[] {
  const labels = m.views.map(runLabel);
  const server = m.views.map((v) =>
    v.summary.cache_hit_rate === null ? null : round2(v.summary.cache_hit_rate * 100)
  );
  const cache: ChartSpec = {
    id: "chart-cache",
    title: "Cache hit rate per run",
    kind: "bar",
    labels,
    xTitle: "Run (round, load)",
    yTitle: "Hit rate (%)",
    series: [
      { label: "Server cached_tokens", data: server, color: SERIES_COLORS[0] },
      ...CACHE_PAIRS.map((p, i) => ({
        label: `${p.label} (scraped)`,
        data: m.views.map((v) => {
          const pct = cacheHitPct(v.metrics, p);
          return pct === null ? null : round2(pct);
        }),
        color: SERIES_COLORS[(i + 1) % SERIES_COLORS.length],
      })),
    ].filter((s) => s.data.some((d) => d !== null)),
  };
  const byName = new Map<string, string[]>();
  const moved = (series: string) => m.views.some((v) => (shownValue(v.metrics[series]) ?? 0) !== 0);
  for (const series of scrapedSeries(m)) {
    // Histogram buckets would crowd a chart, and unchanged series draw nothing.
    if (isBucket(series) || !moved(series)) continue;
    const name = seriesName(series);
    byName.set(name, [...(byName.get(name) ?? []), series]);
  }
  const metricCharts = [...byName].slice(0, MAX_METRIC_CHARTS).map(([name, all], i): ChartSpec => ({
    id: `chart-metric-${i}`,
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
  }));
  return [cache, ...metricCharts];
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

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
