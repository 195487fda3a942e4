/** @module Turns run views into the stable one-row-per-run records of summary.csv/.json. */
import type { Distribution } from "../../stats/distribution.ts";
import { loadKey } from "../load/run_key.ts";
import { CACHE_PAIRS, cacheHitPct } from "./cache_metrics.ts";
import { change } from "./change.ts";
import { otherErrors } from "./errors.ts";
import {
  FIELD_NAMES,
  LATENCY_METRICS,
  LATENCY_STATS,
  type LatencyField,
  type ReportRow,
} from "../../results/report_row.ts";
import type { RunView } from "./runs.ts";
import type { CapacitySummary } from "../../results/slo.ts";
import { sloOf, type SloScope, sloScope } from "./slo.ts";
import type { RunTruthView } from "./truth.ts";

/**
 * Builds the row of one run.
 *
 * @param round1 the round-1 run at the same load, for the `*_vs_round1_pct` fields
 * @param regressions metrics flagged against the baseline; null without a baseline
 * @param truth the run's tokens and cache truth (model/truth.ts); none: those fields are empty
 * @example
 * ```ts
 * const row = toRow(view, null, null);
 * console.log(row.ttft_ms_p50);
 * ```
 */
export function toRow(
  view: RunView,
  round1: RunView | null,
  regressions: number | null,
  capacity: CapacitySummary | null = null,
  truth: RunTruthView | null = null,
): ReportRow {
  const row = unordered(view, round1, regressions, capacity, truth);
  // Columns in the schema's order (summary.csv's header), whatever order they were built in.
  return Object.fromEntries(FIELD_NAMES.map((f) => [f, row[f]])) as ReportRow;
}

function unordered(
  view: RunView,
  round1: RunView | null,
  regressions: number | null,
  capacity: CapacitySummary | null,
  truth: RunTruthView | null,
): ReportRow {
  const s = view.summary;
  const rec = view.records;
  const err = (k: keyof typeof s.errors) => s.errors[k] ?? 0;
  const vs = (pick: (v: RunView) => number | null | undefined) =>
    round1 && view.round !== round1.round ? change(pick(round1), pick(view)).pct : null;
  const cache = Object.fromEntries(
    CACHE_PAIRS.map((p) => [p.field, cacheHitPct(view.metrics, p)]),
  ) as Record<(typeof CACHE_PAIRS)[number]["field"], number | null>;
  return {
    round: view.round,
    concurrency: view.concurrency,
    request_rate: view.request_rate,
    complete: s.complete,
    started_at: new Date(s.started_at).toISOString(),
    duration_s: s.duration_s,
    requests_total: s.requests.total,
    requests_ok: s.requests.ok,
    requests_failed: s.requests.failed,
    error_pct: s.requests.total ? (s.requests.failed / s.requests.total) * 100 : null,
    errors_http_429: err("http_429"),
    errors_http_4xx: err("http_4xx"),
    errors_http_5xx: err("http_5xx"),
    errors_timeout: err("timeout"),
    errors_connection: err("connection"),
    errors_stream: err("stream"),
    errors_aborted: err("aborted"),
    errors_other: otherErrors(s),
    requests_per_s: s.throughput.requests_per_s,
    output_tokens_per_s: s.throughput.output_tokens_per_s,
    total_tokens_per_s: s.throughput.total_tokens_per_s,
    prompt_tokens: s.tokens.prompt,
    output_tokens: s.tokens.output,
    cached_tokens: s.tokens.cached,
    output_tokens_source: s.tokens.output_source,
    context_tokens_mean: rec ? rec.context.mean : null,
    context_tokens_max: rec ? rec.context.max : null,
    server_cache_hit_pct: s.cache_hit_rate === null ? null : s.cache_hit_rate * 100,
    ...cache,
    truncated_requests: s.truncated_requests,
    dropped_turns: rec ? rec.context.dropped_turns : null,
    ...latencyColumns(view),
    ttft_ms_p50_vs_round1_pct: vs((v) => v.summary.ttft_ms?.p50),
    ttft_ms_p99_vs_round1_pct: vs((v) => v.summary.ttft_ms?.p99),
    output_tokens_per_s_vs_round1_pct: vs((v) => v.summary.throughput.output_tokens_per_s),
    regressions,
    ...sloColumns(view, sloScope(capacity)),
    capacity: capacity?.capacity ?? null,
    capacity_low: capacity?.interval?.low ?? null,
    capacity_high: capacity?.interval?.high ?? null,
    ...truthColumns(truth),
  };
}

/** Issue 13's per-run columns: users, trial, SLO attainment and goodput, saturation. */
function sloColumns(view: RunView, scope: SloScope) {
  const slo = sloOf(view.summary, scope);
  const pctOf = (v: number | null | undefined) => (v == null ? null : v * 100);
  return {
    users: view.users ?? null,
    trial: view.trial ?? (scope === "steady" ? 0 : null),
    slo_attainment_pct: pctOf(slo?.attainment),
    goodput_rps: slo?.goodput.requests_per_s ?? null,
    goodput_tps: slo?.goodput.output_tokens_per_s ?? null,
    session_goodput_pct: pctOf(slo?.sessions.share),
    slo_meets: slo?.meets ?? null,
    saturated: view.summary.saturated ?? null,
  };
}

const share = (x: number | null | undefined) => (x === null || x === undefined ? null : x * 100);

/** The issue-12 columns of a run (llama.cpp's hit rate is with the other scraped caches). */
function truthColumns(t: RunTruthView | null) {
  const c = t?.cacheTruth ?? null;
  const turns = t?.perTurn ?? null;
  return {
    token_source: t?.tokenCheck?.source ?? null,
    server_client_prompt_ratio: t?.tokenCheck?.ratio ?? null,
    expected_cached_tokens: c?.expected ?? null,
    cache_efficiency_pct: share(c?.efficiency),
    reset_cleared: c?.reset?.cleared ?? null,
    first_turn_ttft_ms_p50: turns?.first.ttft_ms?.p50 ?? null,
    follow_up_ttft_ms_p50: turns?.follow_ups.ttft_ms?.p50 ?? null,
    first_turn_cached_pct: share(turns?.first.cached_share),
    follow_up_cached_pct: share(turns?.follow_ups.cached_share),
  };
}

function latencyColumns(view: RunView): Record<LatencyField, number | null> {
  const out: Partial<Record<LatencyField, number | null>> = {};
  for (const m of LATENCY_METRICS) {
    const d: Distribution | null = view.summary[m];
    for (const st of LATENCY_STATS) out[`${m}_${st}`] = d ? d[st] : null;
  }
  return out as Record<LatencyField, number | null>;
}

/**
 * Builds the rows of all runs, each later round compared with round 1 at the same load.
 *
 * @example
 * ```ts
 * const rows = toRows(sweep.views);
 * ```
 */
export function toRows(
  views: readonly RunView[],
  capacity: CapacitySummary | null = null,
  truth: readonly RunTruthView[] = [],
): ReportRow[] {
  const key = (v: RunView) => `${loadKey(v)}|${v.trial ?? 0}`; // the same trial's round 1
  const round1 = new Map(views.filter((v) => v.round === 1).map((v) => [key(v), v]));
  return views.map((v, i) =>
    toRow(v, round1.get(key(v)) ?? null, null, capacity, truth[i] ?? null)
  );
}
