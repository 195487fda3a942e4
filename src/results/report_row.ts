/**
 * @module The stable per-run fields of `summary.csv` and `summary.json` (one row per run).
 *
 * Field names never change meaning; new fields are only added. Empty CSV cell / JSON null =
 * not known. Times are ms, rates per second, percentages 0–100.
 *
 * - `round`, `concurrency`, `request_rate`, `complete`, `started_at`, `duration_s` — which run
 *   (concurrency is empty in request-rate mode, request_rate empty in concurrency mode), whether
 *   it finished, its start (ISO 8601 UTC) and length.
 * - `requests_total`, `requests_ok`, `requests_failed`, `error_pct` — request counts.
 * - `errors_http_429`, `errors_http_4xx`, `errors_http_5xx`, `errors_timeout`,
 *   `errors_connection`, `errors_stream`, `errors_aborted`, `errors_other` — failures by kind.
 * - `requests_per_s`, `output_tokens_per_s`, `total_tokens_per_s` — throughput.
 * - `prompt_tokens`, `output_tokens`, `cached_tokens`, `output_tokens_source` — token sums; the
 *   source is `usage` (server), `counted` (gpt-tokenizer) or `mixed`.
 * - `context_tokens_mean`, `context_tokens_max` — prompt size after truncation (from records).
 * - `server_cache_hit_pct` — Σcached_tokens / Σprompt_tokens over requests that reported it.
 * - `vllm_prefix_cache_hit_pct`, `vllm_external_cache_hit_pct`, `lmcache_hit_pct`,
 *   `sglang_cache_hit_pct` — Δhits / Δqueries of the scraped cache counters over the run.
 * - `truncated_requests`, `dropped_turns` — requests whose history or message was cut, and turns
 *   dropped to fit the context.
 * - `ttft_ms_*`, `itl_ms_*`, `tpot_ms_*`, `e2e_ms_*` with `mean`, `p50`, `p90`, `p95`, `p99`.
 * - `ttft_ms_p50_vs_round1_pct`, `ttft_ms_p99_vs_round1_pct`, `output_tokens_per_s_vs_round1_pct`
 *   — change against round 1 at the same load (rounds ≥ 2).
 * - `regressions` — metrics of this run flagged against the baseline (empty without one).
 * - `users`, `trial` — users mode's concurrent conversations (empty in the other modes); a
 *   capacity search's trial (0: the main search, or a sweep run) or a repeated sweep's trial
 *   (0 … N − 1 with `repeat: N`).
 * - `slo_attainment_pct`, `goodput_rps`, `goodput_tps`, `session_goodput_pct`, `slo_meets` —
 *   with an SLO: requests meeting every target, %; their requests/s and output tokens/s;
 *   sessions all of whose turns met it, %; whether every target's percentile was met.
 * - `saturated` — TTFT (or the queue) still growing through the steady window.
 * - `capacity`, `capacity_low`, `capacity_high` — a capacity search's answer and 95% interval
 *   (the same on every row of the search's folder; empty elsewhere).
 * - `llamacpp_cache_hit_pct` — Δ cached / (Δ cached + Δ processed) of llama.cpp's counters.
 * - `token_source`, `server_client_prompt_ratio` — which tokenizer counted prompts on the client,
 *   and Σ server / Σ client prompt tokens (a warning past 2% off).
 * - `expected_cached_tokens`, `cache_efficiency_pct`, `reset_cleared` — the cache truth: what an
 *   ideal cache serves (server tokens), reported / expected × 100, and whether the reset before
 *   the run cleared the cache (empty: no reset).
 * - `first_turn_ttft_ms_p50`, `follow_up_ttft_ms_p50`, `first_turn_cached_pct`,
 *   `follow_up_cached_pct` — first turns of sessions against their follow-ups.
 */
import { z } from "zod";
import { readJsonFile } from "../io/json_file.ts";
import { CapacitySummary } from "./slo.ts";

const num = z.number().nullable();

/** The latency metrics with percentile columns. */
export const LATENCY_METRICS = ["ttft_ms", "itl_ms", "tpot_ms", "e2e_ms"] as const;
/** The statistics given for each latency metric. */
export const LATENCY_STATS = ["mean", "p50", "p90", "p95", "p99"] as const;

/** A latency column name, e.g. `ttft_ms_p99`. */
export type LatencyField = `${typeof LATENCY_METRICS[number]}_${typeof LATENCY_STATS[number]}`;

const latencyShape = Object.fromEntries(
  LATENCY_METRICS.flatMap((m) => LATENCY_STATS.map((s) => [`${m}_${s}`, num])),
) as Record<LatencyField, typeof num>;

/** One row per run: the columns of `summary.csv`, in order, and the `runs` of `summary.json`. */
export const ReportRow = z.object({
  round: z.number().int(),
  concurrency: num,
  request_rate: num,
  complete: z.boolean(),
  started_at: z.string(),
  duration_s: z.number(),
  requests_total: z.number().int(),
  requests_ok: z.number().int(),
  requests_failed: z.number().int(),
  error_pct: num,
  errors_http_429: z.number().int(),
  errors_http_4xx: z.number().int(),
  errors_http_5xx: z.number().int(),
  errors_timeout: z.number().int(),
  errors_connection: z.number().int(),
  errors_stream: z.number().int(),
  errors_aborted: z.number().int(),
  errors_other: z.number().int(),
  requests_per_s: z.number(),
  output_tokens_per_s: z.number(),
  total_tokens_per_s: z.number(),
  prompt_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cached_tokens: num,
  output_tokens_source: z.string(),
  context_tokens_mean: num,
  context_tokens_max: num,
  server_cache_hit_pct: num,
  vllm_prefix_cache_hit_pct: num,
  vllm_external_cache_hit_pct: num,
  lmcache_hit_pct: num,
  sglang_cache_hit_pct: num,
  truncated_requests: z.number().int(),
  dropped_turns: num,
  ...latencyShape,
  ttft_ms_p50_vs_round1_pct: num,
  ttft_ms_p99_vs_round1_pct: num,
  output_tokens_per_s_vs_round1_pct: num,
  regressions: num,
  // ── issue 13 (default null: report folders written before still read as baselines) ──
  users: num.default(null),
  trial: num.default(null),
  slo_attainment_pct: num.default(null),
  goodput_rps: num.default(null),
  goodput_tps: num.default(null),
  session_goodput_pct: num.default(null),
  slo_meets: z.boolean().nullable().default(null),
  saturated: z.boolean().nullable().default(null),
  capacity: num.default(null),
  capacity_low: num.default(null),
  capacity_high: num.default(null),
  // --- issue 12: exact tokens and cache truth (defaults: older report summaries still read) ---
  llamacpp_cache_hit_pct: num.default(null),
  token_source: z.string().nullable().default(null),
  server_client_prompt_ratio: num.default(null),
  expected_cached_tokens: num.default(null),
  cache_efficiency_pct: num.default(null),
  reset_cleared: z.boolean().nullable().default(null),
  first_turn_ttft_ms_p50: num.default(null),
  follow_up_ttft_ms_p50: num.default(null),
  first_turn_cached_pct: num.default(null),
  follow_up_cached_pct: num.default(null),
  // --- end issue 12 ---
});

/** One row per run of `summary.csv` / `summary.json`. */
export type ReportRow = z.infer<typeof ReportRow>;

/** A column name of {@link ReportRow}. */
export type FieldName = keyof ReportRow;

/** The column names in order. */
export const FIELD_NAMES = Object.keys(ReportRow.shape) as FieldName[];

/** The `kind` marker of a report's summary.json, telling it apart from a sweep's. */
export const REPORT_KIND = "turnbench-report";

/**
 * The part of a report's `summary.json` that is read back (a report folder as a baseline): its
 * `kind` and its rows (the other keys — provenance, round changes, baseline, notes — are dropped).
 */
export const ReportSummaryFile = z.object({
  kind: z.literal(REPORT_KIND),
  runs: z.array(ReportRow),
  /** A capacity search's outcome, when the report is of one (issue 13). */
  capacity: CapacitySummary.nullable().optional(),
});

/** The part of a report's `summary.json` that is read back. */
export type ReportSummaryFile = z.infer<typeof ReportSummaryFile>;

const Kind = z.object({ kind: z.unknown().optional() });

/**
 * Tells a report's `summary.json` from a sweep's (both are named `summary.json`).
 *
 * @throws {InputError} when the file is missing, not JSON, or not a JSON object
 * @example
 * ```ts
 * if (await isReportSummary("old/summary.json")) console.log("a report folder");
 * ```
 */
export async function isReportSummary(path: string): Promise<boolean> {
  const head = await readJsonFile(path, Kind, "summary file");
  return head.kind === REPORT_KIND;
}

/**
 * Reads and validates a report's `summary.json`.
 *
 * @throws {InputError} when the file is missing, not JSON, or not a report summary
 * @example
 * ```ts
 * const { runs } = await readReportSummary("reports/old/summary.json");
 * ```
 */
export function readReportSummary(path: string): Promise<ReportSummaryFile> {
  return readJsonFile(path, ReportSummaryFile, "baseline report summary");
}
