/** @module The report's tables as plain data, rendered by both the Markdown and HTML writers. */
import { CACHE_PAIRS, cacheHitPct, seriesName } from "./cache_metrics.ts";
import { fixed, ms, NA, pct, signedMs, signedPct, trio } from "./format.ts";
import type { ReportModel } from "./model.ts";
import { loadLabel, runLabel } from "./run_key.ts";
import type { RunView } from "./runs.ts";
import { ErrorKind } from "../results/record.ts";
import type { MetricDelta } from "../results/summary.ts";

/** A table cell: text, optionally toned for the HTML (`bad` for regressions and failures). */
export type Cell = string | { text: string; tone: "bad" | "good" | "warn" };

/** A table: header texts, rows of cells; numeric columns are right-aligned. */
export interface Table {
  headers: string[];
  rows: Cell[][];
  /** Columns (by index) to left-align; others are right-aligned. */
  left: number[];
}

/** The text of a cell. */
export function cellText(cell: Cell): string {
  return typeof cell === "string" ? cell : cell.text;
}

const ERROR_KINDS = [...ErrorKind.options, "other"] as const;

function errorCounts(v: RunView): Array<[string, number]> {
  const s = v.summary;
  const known = Object.values(s.errors).reduce((a, b) => a + (b ?? 0), 0);
  const other = Math.max(s.requests.failed - known, 0);
  return ERROR_KINDS.map((k): [string, number] => [
    k,
    k === "other" ? other : s.errors[k] ?? 0,
  ]).filter(([, n]) => n > 0);
}

/** Per run: requests, errors, throughput, latency percentiles, cache hit, truncation. */
export function runsTable(m: ReportModel): Table {
  return {
    headers: [
      "Round",
      "Load",
      "Requests ok/total",
      "Errors",
      "Duration (s)",
      "Requests/s",
      "Output tok/s",
      "TTFT p50/p90/p99 (ms)",
      "ITL p50/p90/p99 (ms)",
      "TPOT p50/p90/p99 (ms)",
      "E2E p50/p90/p99 (ms)",
      "Cache hit (server)",
      "Truncated",
      "Status",
    ],
    left: [1, 3, 13],
    rows: m.views.map((v) => {
      const s = v.summary;
      const errors = errorCounts(v).map(([k, n]) => `${k}: ${n}`).join(", ");
      return [
        String(v.round),
        loadLabel(v),
        `${s.requests.ok}/${s.requests.total}`,
        errors ? { text: errors, tone: "bad" } : "0",
        fixed(s.duration_s, 1),
        fixed(s.throughput.requests_per_s, 2),
        fixed(s.throughput.output_tokens_per_s, 1),
        trio(s.ttft_ms),
        trio(s.itl_ms),
        trio(s.tpot_ms),
        trio(s.e2e_ms),
        pct(s.cache_hit_rate === null ? null : s.cache_hit_rate * 100),
        String(s.truncated_requests),
        s.complete ? "✓" : { text: "⚠ partial", tone: "warn" },
      ];
    }),
  };
}

/** Failed requests by kind per run; null when nothing failed. */
export function errorsTable(m: ReportModel): Table | null {
  const kinds = ERROR_KINDS.filter((k) =>
    m.views.some((v) => errorCounts(v).some(([e]) => e === k))
  );
  if (kinds.length === 0) return null;
  return {
    headers: ["Run", "Failed", ...kinds],
    left: [0],
    rows: m.views.map((v) => {
      const counts = new Map(errorCounts(v));
      return [
        runLabel(v),
        String(v.summary.requests.failed),
        ...kinds.map((k) => String(counts.get(k) ?? 0)),
      ];
    }),
  };
}

/** Cache hit rates per run: server cached_tokens and each scraped cache found. */
export function cacheTable(m: ReportModel): Table {
  const pairs = CACHE_PAIRS.filter((p) => m.views.some((v) => cacheHitPct(v.metrics, p) !== null));
  return {
    headers: [
      "Run",
      "Prompt tokens",
      "Cached tokens (server)",
      "Hit (server)",
      ...pairs.map((p) => `Hit (${p.label})`),
    ],
    left: [0],
    rows: m.views.map((v) => [
      runLabel(v),
      String(v.summary.tokens.prompt),
      v.summary.tokens.cached === null ? NA : String(v.summary.tokens.cached),
      pct(v.summary.cache_hit_rate === null ? null : v.summary.cache_hit_rate * 100),
      ...pairs.map((p) => pct(cacheHitPct(v.metrics, p))),
    ]),
  };
}

/** What round 2 (and later) saved against round 1 at the same load. */
export function changeTable(m: ReportModel): Table | null {
  if (m.changes.length === 0) return null;
  const arrow = (a: number | null, b: number | null, f: (x: number | null) => string) =>
    `${f(a)} → ${f(b)}`;
  const tone = (better: boolean | null, text: string): Cell =>
    better === null ? text : { text, tone: better ? "good" : "bad" };
  return {
    headers: [
      "Load",
      "Round",
      "TTFT p50 (ms)",
      "TTFT p50 change",
      "TTFT p99 (ms)",
      "TTFT p99 change",
      "Output tok/s",
      "Output tok/s change",
      "Requests/s change",
      "Cache hit (server)",
    ],
    left: [0, 1],
    rows: m.changes.map((c) => [
      c.load,
      `R1 → R${c.round}`,
      arrow(c.ttftP50.from, c.ttftP50.to, ms),
      tone(
        c.ttftP50.diff === null ? null : c.ttftP50.diff <= 0,
        `${signedMs(c.ttftP50.diff)} (${signedPct(c.ttftP50.pct)})`,
      ),
      arrow(c.ttftP99.from, c.ttftP99.to, ms),
      tone(
        c.ttftP99.diff === null ? null : c.ttftP99.diff <= 0,
        `${signedMs(c.ttftP99.diff)} (${signedPct(c.ttftP99.pct)})`,
      ),
      arrow(c.outputTokensPerS.from, c.outputTokensPerS.to, (x) => fixed(x, 1)),
      tone(
        c.outputTokensPerS.pct === null ? null : c.outputTokensPerS.pct >= 0,
        signedPct(c.outputTokensPerS.pct),
      ),
      signedPct(c.requestsPerS.pct),
      arrow(c.cacheHitPct.from, c.cacheHitPct.to, pct),
    ]),
  };
}

/** Formats a scraped delta: integers as they are, others to 4 significant digits. */
export function deltaText(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NA;
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/**
 * What a scraped series shows for one run: the change over the run, or for a gauge (known from the
 * page's TYPE line) its value at the run's end — the change of a gauge between two instants
 * (`lmcache_hit_rate`, `memory_usage_bytes`) means little.
 */
export function shownValue(metric: MetricDelta | undefined): number | null {
  if (!metric) return null;
  return metric.type === "gauge" ? metric.after : metric.delta;
}

/** Every scraped series of the report's runs, sorted. */
export function scrapedSeries(m: ReportModel): string[] {
  return [...new Set(m.views.flatMap((v) => Object.keys(v.metrics)))].sort();
}

/** Whether a series is a histogram bucket (left out of tables and charts: too many). */
export function isBucket(series: string): boolean {
  return seriesName(series).endsWith("_bucket");
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
