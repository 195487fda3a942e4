/**
 * @module Writes the report's fixture results folders from a seeded generator (deterministic):
 * `deno run -A tests/testdata/report/make_fixtures.ts [outDir]` (default: this folder).
 */
import { join } from "node:path";
import type { RequestRecord as ParsedRecord } from "../../../src/results/record.ts";
import type { MetricDelta, RunSummary, SweepSummary } from "../../../src/results/summary.ts";
import { summarize } from "../../../src/stats/distribution.ts";
import { mulberry32 } from "../../../src/io/random.ts";

/**
 * A record as the fixtures keep it: fields added to the record later are left out (the reader
 * gives them their defaults), so the committed fixtures stay as they were written (before issue
 * 12's token_source, client_prompt_tokens, expected_cached_tokens, among others): the report must
 * keep reading such files.
 */
type FixtureRecord = Omit<ParsedRecord, LaterFields>;
/** Record fields added after the fixtures were written. */
type LaterFields =
  | "shard"
  | "users"
  | "replay"
  | "trial"
  | "slo_met"
  | "token_source"
  | "client_prompt_tokens"
  | "expected_cached_tokens";

/** How one fixture sweep is made. */
export interface FixtureSpec {
  seed: number;
  /** Multiplies every latency (a slower server for a regression). */
  slowdown: number;
  /** Multiplies TTFT alone (a prefill regression). */
  ttftFactor?: number;
  /** Stop inside this run (0-based index of round×concurrency order), for a partial sweep. */
  stopInRun?: number;
}

const CONCURRENCY = [2, 8];
const ROUNDS = 2;
const SESSIONS = 14;
const MAX_CONTEXT = 1200;
const START = Date.UTC(2026, 10, 20, 9, 30, 0);
const MODEL = "meta-llama/Llama-3.1-8B-Instruct";

/** Failures planted by (run index, request index). */
const FAULTS: Record<string, Pick<FixtureRecord, "error_kind" | "http_status" | "error">> = {
  "0:5": { error_kind: "connection", http_status: null, error: "connection reset by peer" },
  "1:3": { error_kind: "http_429", http_status: 429, error: "HTTP 429: rate limited" },
  "1:9": { error_kind: "http_429", http_status: 429, error: "HTTP 429: rate limited" },
  "1:20": { error_kind: "timeout", http_status: null, error: "request timed out after 30000 ms" },
  "2:11": { error_kind: null, http_status: null, error: "unexpected end of JSON" },
  "3:4": { error_kind: "http_5xx", http_status: 503, error: "HTTP 503: service unavailable" },
  "3:14": { error_kind: "stream", http_status: 200, error: "stream ended without [DONE]" },
};

interface Made {
  records: FixtureRecord[];
  summary: SweepSummary;
  scraped: unknown;
}

/** Generates one sweep: records, summary and scraped metrics. */
export function makeSweep(spec: FixtureSpec): Made {
  // The seeding the fixtures were first written with, so the committed files stay as they are.
  const random = mulberry32((spec.seed * 0x9e3779b9) >>> 0);
  const turns = Array.from({ length: SESSIONS }, () =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, () => 80 + Math.floor(random() * 500)));
  const records: FixtureRecord[] = [];
  const runs: RunSummary[] = [];
  const scrapedRuns: unknown[] = [];
  let clock = START;
  let runIndex = 0;
  let stopped = false;
  for (let round = 1; round <= ROUNDS && !stopped; round++) {
    for (const concurrency of CONCURRENCY) {
      if (stopped) break;
      const stop = spec.stopInRun === runIndex;
      const runRecords = simulateRun(random, spec, turns, round, concurrency, clock, runIndex);
      const kept = stop ? runRecords.slice(0, Math.floor(runRecords.length / 2)) : runRecords;
      records.push(...kept);
      const summary = summarizeRun(kept, round, concurrency, !stop);
      const [own, prom] = metricsFor(kept, round, runIndex);
      summary.metrics = own;
      runs.push(summary);
      scrapedRuns.push({ round, concurrency, request_rate: null, metrics: prom });
      clock = summary.ended_at + 2000;
      runIndex++;
      stopped = stop;
    }
  }
  const summary: SweepSummary = {
    format: 1,
    complete: !stopped,
    started_at: START,
    ended_at: clock,
    turnbench_version: "0.1.0",
    git_commit: "2c83f15e0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    config: {
      endpoint: "http://127.0.0.1:8000/v1/chat/completions",
      model: MODEL,
      dataset: "data/sessions.jsonl",
      dataset_digest: "9f2c1e5b7a3d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6",
      num_samples: SESSIONS,
      concurrency: CONCURRENCY,
      request_rates: [],
      rounds: ROUNDS,
      max_context_tokens: MAX_CONTEXT,
      max_output_tokens: 64,
      reset_cache_between_rounds: false,
      seed: 42,
    },
    runs,
  };
  return {
    records,
    summary,
    scraped: { format: 1, source: "http://127.0.0.1:9090", runs: scrapedRuns },
  };
}

function simulateRun(
  random: () => number,
  spec: FixtureSpec,
  turns: number[][],
  round: number,
  concurrency: number,
  start: number,
  runIndex: number,
): FixtureRecord[] {
  const slots = Array.from({ length: concurrency }, () => start);
  const out: FixtureRecord[] = [];
  const load = 1 + concurrency / 6;
  turns.forEach((sessionTurns, s) => {
    const slot = slots.indexOf(Math.min(...slots));
    let t = slots[slot];
    let history: number[] = [];
    sessionTurns.forEach((userTokens, turnIndex) => {
      history.push(userTokens);
      let dropped = 0;
      while (history.reduce((a, b) => a + b, 0) + 40 > MAX_CONTEXT && history.length > 1) {
        history = history.slice(1);
        dropped++;
      }
      const context = history.reduce((a, b) => a + b, 0) + 40;
      const prior = context - userTokens;
      const cached = round === 1
        ? Math.floor(Math.max(prior, 0) / 16) * 16
        : Math.floor((context * 0.92) / 16) * 16;
      const index = out.length;
      const fault = FAULTS[`${runIndex}:${index}`];
      const outputTokens = 12 + Math.floor(random() * 40);
      const ttft = (spec.ttftFactor ?? 1) * spec.slowdown * load * (25 + (context - cached) * 0.18 + random() * 30);
      const itl = Array.from(
        { length: outputTokens - 1 },
        () => spec.slowdown * load * (9 + random() * 4 + (random() < 0.02 ? 40 : 0)),
      );
      const e2e = ttft + itl.reduce((a, b) => a + b, 0);
      const ok = !fault;
      const r: FixtureRecord = {
        round,
        concurrency,
        request_rate: null,
        session_id: `sharegpt-${spec.seed}-${String(s).padStart(3, "0")}`,
        turn_index: turnIndex,
        request_id: `req-${spec.seed}-${runIndex}-${index}`,
        started_at: Math.round(t * 1000) / 1000,
        queue_wait_ms: null,
        ttft_ms: ok ? round3(ttft) : null,
        e2e_ms: ok ? round3(e2e) : null,
        itl_ms: ok ? itl.map(round3) : [],
        tpot_ms: ok ? round3((e2e - ttft) / (outputTokens - 1)) : null,
        output_tokens: ok ? outputTokens : 0,
        output_tokens_source: "usage",
        prompt_tokens: context,
        prompt_tokens_source: "usage",
        cached_tokens: ok ? cached : null,
        context_tokens: context,
        history_truncated: dropped > 0,
        dropped_turns: dropped,
        message_truncated: false,
        finish_reason: ok ? "stop" : null,
        ok,
        http_status: ok ? 200 : fault.http_status,
        error: ok ? null : fault.error,
        error_kind: ok ? null : fault.error_kind,
      };
      out.push(r);
      history.push(outputTokens);
      t += (ok ? e2e : 150) + 5;
    });
    slots[slot] = t;
  });
  return out.sort((a, b) => a.started_at + (a.e2e_ms ?? 0) - (b.started_at + (b.e2e_ms ?? 0)));
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function summarizeRun(
  rs: FixtureRecord[],
  round: number,
  concurrency: number,
  complete: boolean,
): RunSummary {
  const ok = rs.filter((r) => r.ok);
  const started = Math.min(...rs.map((r) => r.started_at));
  const ended = Math.max(...rs.map((r) => r.started_at + (r.e2e_ms ?? 150)));
  const duration = (ended - started) / 1000;
  const errors: RunSummary["errors"] = {};
  for (const r of rs) if (r.error_kind) errors[r.error_kind] = (errors[r.error_kind] ?? 0) + 1;
  const prompt = rs.reduce((a, r) => a + r.prompt_tokens, 0);
  const output = rs.reduce((a, r) => a + r.output_tokens, 0);
  const reported = rs.filter((r) => r.cached_tokens !== null);
  const cached = reported.reduce((a, r) => a + (r.cached_tokens ?? 0), 0);
  return {
    round,
    concurrency,
    request_rate: null,
    started_at: started,
    ended_at: ended,
    duration_s: duration,
    complete,
    requests: { total: rs.length, ok: ok.length, failed: rs.length - ok.length },
    errors,
    throughput: {
      requests_per_s: ok.length / duration,
      output_tokens_per_s: output / duration,
      total_tokens_per_s: (prompt + output) / duration,
    },
    tokens: { prompt, output, cached, output_source: "usage" },
    cache_hit_rate: cached / reported.reduce((a, r) => a + r.prompt_tokens, 0),
    truncated_requests: rs.filter((r) => r.history_truncated).length,
    ttft_ms: summarize(ok.map((r) => r.ttft_ms!)),
    itl_ms: summarize(ok.flatMap((r) => r.itl_ms)),
    tpot_ms: summarize(ok.map((r) => r.tpot_ms!)),
    e2e_ms: summarize(ok.map((r) => r.e2e_ms!)),
    metrics: {},
  };
}

/** Counter deltas the server would show over the run: the client's own scrape and Prometheus'. */
function metricsFor(
  rs: FixtureRecord[],
  round: number,
  runIndex: number,
): [Record<string, MetricDelta>, Record<string, MetricDelta>] {
  const base = 10_000 * (runIndex + 1);
  const m = (before: number, delta: number): MetricDelta => ({
    before,
    after: before + delta,
    delta,
  });
  const prompt = rs.reduce((a, r) => a + r.prompt_tokens, 0);
  const cached = rs.reduce((a, r) => a + (r.cached_tokens ?? 0), 0);
  const labels = `engine="0",model_name="${MODEL}"`;
  const own = {
    [`vllm:prefix_cache_hits_total{${labels}}`]: m(base * 3, cached),
    [`vllm:prefix_cache_queries_total{${labels}}`]: m(base * 5, prompt),
    [`vllm:prompt_tokens_total{${labels}}`]: m(base * 5, prompt),
    [`vllm:num_requests_waiting{${labels}}`]: m(0, 0),
  };
  const hit = Math.round(round === 1 ? prompt * 0.1 : prompt * 0.55);
  const prom = {
    "lmcache:num_hit_tokens_total": m(base, hit),
    "lmcache:num_requested_tokens_total": m(base * 2, prompt),
    [`vllm:request_success_total{finished_reason="length",${labels}}`]: m(base, 2 + runIndex),
    [`vllm:request_success_total{finished_reason="stop",${labels}}`]: m(
      base,
      rs.filter((r) => r.ok).length - 2 - runIndex,
    ),
  };
  return [own, prom];
}

/** Writes one fixture folder. */
export async function writeSweep(dir: string, made: Made, opts: { cutLastLine?: boolean } = {}) {
  await Deno.mkdir(dir, { recursive: true });
  let lines = made.records.map((r) => JSON.stringify(r) + "\n").join("");
  if (opts.cutLastLine) lines += JSON.stringify(made.records[0]).slice(0, 60);
  await Deno.writeTextFile(join(dir, "records.jsonl"), lines);
  await Deno.writeTextFile(join(dir, "summary.json"), JSON.stringify(made.summary, null, 2) + "\n");
  await Deno.writeTextFile(join(dir, "scraped.json"), JSON.stringify(made.scraped, null, 2) + "\n");
}

/** Writes all fixture folders: `results` (complete), `baseline` (faster), `partial` (stopped). */
export async function writeFixtures(root: string): Promise<void> {
  await writeSweep(join(root, "results"), makeSweep({ seed: 7, slowdown: 1 }));
  await writeSweep(join(root, "baseline"), makeSweep({ seed: 7, slowdown: 1, ttftFactor: 0.85 }));
  await writeSweep(join(root, "partial"), makeSweep({ seed: 7, slowdown: 1, stopInRun: 2 }), {
    cutLastLine: true,
  });
}

if (import.meta.main) {
  await writeFixtures(Deno.args[0] ?? new URL(".", import.meta.url).pathname);
}
