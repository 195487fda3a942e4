/** @module One line of documentation per report field, for FIELDS.md and `--help`. */
import {
  FIELD_NAMES,
  type FieldName,
  LATENCY_METRICS,
  LATENCY_STATS,
  type LatencyField,
} from "../../results/report_row.ts";

const LATENCY_NAMES: Record<string, string> = {
  ttft_ms: "time to first token (request sent → first content chunk), ms",
  itl_ms: "inter-token latency (gap between content chunks), ms",
  tpot_ms: "time per output token, (E2E − TTFT) / (output tokens − 1), ms",
  e2e_ms: "end-to-end latency (request sent → last byte), ms",
};

const STAT_NAMES: Record<string, string> = {
  mean: "mean",
  p50: "median",
  p90: "90th percentile",
  p95: "95th percentile",
  p99: "99th percentile",
};

const latencyDocs = Object.fromEntries(
  LATENCY_METRICS.flatMap((m) =>
    LATENCY_STATS.map((s) => [`${m}_${s}`, `${STAT_NAMES[s]} ${LATENCY_NAMES[m]}; ok requests`])
  ),
);

/** What every field means, with its unit. Drives `src/report/FIELDS.md`. */
export const FIELD_DOCS: Record<FieldName, string> = {
  round: "round number, 1-based (round 2 replays the sessions of round 1)",
  concurrency: "sessions in flight; empty in request-rate mode",
  request_rate: "Poisson arrival rate, requests/s; empty in concurrency mode",
  complete: "false when the run was interrupted; its numbers cover what finished",
  started_at: "run start, ISO 8601 UTC",
  duration_s: "run length, s",
  requests_total: "requests sent",
  requests_ok: "requests answered without error",
  requests_failed: "requests that failed",
  error_pct: "requests_failed / requests_total × 100",
  errors_http_429: "failures with HTTP 429 (rate limited)",
  errors_http_4xx: "failures with another HTTP 4xx status",
  errors_http_5xx: "failures with an HTTP 5xx status",
  errors_timeout: "failures by timeout",
  errors_connection: "failures to connect or lost connections",
  errors_stream: "failures in the response stream (bad or cut chunks)",
  errors_aborted: "requests aborted (e.g. Ctrl-C)",
  errors_other: "failures of no recorded kind",
  requests_per_s: "requests finished per second",
  output_tokens_per_s: "output tokens per second",
  total_tokens_per_s: "prompt + output tokens per second",
  prompt_tokens: "sum of prompt tokens",
  output_tokens: "sum of output tokens",
  cached_tokens: "sum of the server's cached_tokens; empty when the server never reported it",
  output_tokens_source:
    "where output token counts come from: usage (server), counted (gpt-tokenizer) or mixed",
  context_tokens_mean: "mean prompt tokens after truncation, chat framing included (records)",
  context_tokens_max: "largest prompt after truncation, tokens (records)",
  server_cache_hit_pct: "Σ cached_tokens / Σ prompt_tokens × 100 over requests that reported it",
  vllm_prefix_cache_hit_pct:
    "Δ vllm:prefix_cache_hits / Δ vllm:prefix_cache_queries × 100 (scraped; gpu_ names as fallback)",
  vllm_external_cache_hit_pct:
    "Δ vllm:external_prefix_cache_hits / Δ vllm:external_prefix_cache_queries × 100 (KV connector)",
  lmcache_hit_pct: "Δ lmcache:num_hit_tokens / Δ lmcache:num_requested_tokens × 100 (scraped)",
  sglang_cache_hit_pct: "Δ sglang:cached_tokens / Δ sglang:prompt_tokens × 100 (scraped)",
  truncated_requests: "requests whose history or message was cut to fit the context",
  dropped_turns: "earlier turns dropped to fit the context, summed (records)",
  ...latencyDocs as Record<LatencyField, string>,
  ttft_ms_p50_vs_round1_pct: "change of ttft_ms_p50 against round 1 at the same load, %",
  ttft_ms_p99_vs_round1_pct: "change of ttft_ms_p99 against round 1 at the same load, %",
  output_tokens_per_s_vs_round1_pct:
    "change of output_tokens_per_s against round 1 at the same load, %",
  regressions: "metrics of this run flagged as regressions against the baseline",
  users: "concurrent conversations with think time (users mode); empty in the other modes",
  trial:
    "a capacity search's trial (0 the main search, 1… the repeated trials) or a repeated sweep's (1… after the first); empty for a sweep's first",
  slo_attainment_pct:
    "requests meeting every SLO target / requests × 100 (a capacity probe: its steady window)",
  goodput_rps: "requests meeting every SLO target, per second",
  goodput_tps: "output tokens of the requests meeting every SLO target, per second",
  session_goodput_pct: "sessions all of whose requests met every SLO target / sessions × 100",
  slo_meets: "every SLO target's percentile was within its limit",
  saturated: "TTFT (or the waiting queue) still growing through the steady window",
  capacity: "a capacity search's answer (users, concurrency or req/s), on every row of its folder",
  capacity_low: "lower end of the capacity's 95% confidence interval",
  capacity_high: "upper end of the capacity's 95% confidence interval",
  llamacpp_cache_hit_pct:
    "Δ llamacpp:prompt_tokens_cached / (Δ llamacpp:prompt_tokens_cached + Δ llamacpp:prompt_tokens) × 100 (scraped; llama.cpp counts only processed prompt tokens)",
  token_source:
    "which tokenizer counted prompts on the client: gpt, hf (a local Hugging Face tokenizer) or server",
  server_client_prompt_ratio:
    "Σ server prompt_tokens / Σ client-counted prompt tokens over requests with both (warned past 2% off 1)",
  expected_cached_tokens:
    "Σ expected_cached_tokens in server tokens: the longest prefix each prompt shares with an earlier one since the reset, in whole cache blocks",
  cache_efficiency_pct:
    "Σ cached_tokens / Σ expected cached tokens × 100: below 100 eviction or missed hits, above a cache the client did not know of",
  reset_cleared:
    "whether the cache reset before this run cleared the cache (its first turns hit no more than other sessions sent); empty without a reset",
  first_turn_ttft_ms_p50: "TTFT p50 of sessions' first turns (turn_index 0), ms",
  follow_up_ttft_ms_p50: "TTFT p50 of follow-up turns (turn_index ≥ 1), ms",
  first_turn_cached_pct: "Σ cached_tokens / Σ prompt_tokens × 100 over first turns",
  follow_up_cached_pct: "Σ cached_tokens / Σ prompt_tokens × 100 over follow-up turns",
};

/**
 * The field list as a Markdown snippet (the content of `src/report/FIELDS.md`, for the README).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("src/report/FIELDS.md", fieldsMarkdown());
 * ```
 */
export function fieldsMarkdown(): string {
  const rows = FIELD_NAMES.map((f) => `| \`${f}\` | ${FIELD_DOCS[f]} |`);
  return [
    "### Report fields (`summary.csv`, `summary.json`)",
    "",
    "`deno task report` and the `report` stage write one row per run (one round at one",
    "concurrency or request rate) to `summary.csv`, and the same rows as `runs` in `summary.json`",
    "(which also holds `round_changes`, `baseline` comparisons and `provenance`). Names are stable:",
    "new fields may be added, existing ones keep their meaning. An empty CSV cell (JSON `null`)",
    "means unknown. Times are in ms, throughput per second, percentages 0–100.",
    "",
    "| Field | Meaning |",
    "| :--- | :--- |",
    ...rows,
    "",
    "Baseline: `--baseline <earlier results or report folder>` compares runs of the same round and",
    "load. TTFT/ITL/TPOT/E2E p50/p90/p99 rising, or requests/s or output tokens/s falling, by more",
    "than `--threshold` percent (default 10) is a regression; so is `error_pct` rising by more than",
    "1 percentage point. A capacity search's folder also compares `capacity` (higher is better):",
    "a capacity lower by more than the threshold, or none where the baseline had one, is a",
    "regression. With `--fail-on-regression` the command exits with code 3 after writing the",
    "files (the `report` stage fails with `fail_on_regression: true`).",
    "",
  ].join("\n");
}
