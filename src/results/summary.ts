/** @module Run and sweep summaries: what `summary.json` of a sweep holds, its reader and writer. */
import { join } from "node:path";
import { z } from "zod";
import { readJsonFile, writeJsonFile } from "../io/json_file.ts";
import { SUMMARY_FILE } from "./layout.ts";
import { ErrorKind } from "./record.ts";
import { CapacitySummary, Goodput, RunSlo, SloTargetFile } from "./slo.ts";
import { CacheTruthSummary, PerTurn, ServerInfo, TokenCheck, TokenizerInfo } from "./truth.ts";

/** A summary of a set of samples (computed by `summarize` of src/stats/distribution.ts). */
export const Distribution = z.object({
  count: z.number().int(),
  mean: z.number(),
  min: z.number(),
  max: z.number(),
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
});

/** A summary of a set of samples. */
export type Distribution = z.infer<typeof Distribution>;

/** A scraped Prometheus series around one run. Key in `metrics` is the full series text. */
export const MetricDelta = z.object({
  before: z.number().nullable(),
  after: z.number().nullable(),
  delta: z.number().nullable(),
  /** The family's type on the scraped page (`counter`, `gauge`, `histogram`, …), when known. */
  type: z.string().optional(),
});

/** A scraped Prometheus series around one run. */
export type MetricDelta = z.infer<typeof MetricDelta>;

/** One run: one (round, concurrency) pair, or (round, request_rate) in rate mode. */
export const RunSummary = z.object({
  round: z.number().int().min(1),
  concurrency: z.number().int().min(1).nullable(),
  request_rate: z.number().positive().nullable().default(null),
  started_at: z.number(),
  ended_at: z.number(),
  duration_s: z.number(),
  /** False when the run was interrupted (Ctrl-C, crash): its numbers cover what finished. */
  complete: z.boolean(),
  requests: z.object({ total: z.number().int(), ok: z.number().int(), failed: z.number().int() }),
  errors: z.partialRecord(ErrorKind, z.number().int()),
  throughput: z.object({
    requests_per_s: z.number(),
    output_tokens_per_s: z.number(),
    total_tokens_per_s: z.number(),
  }),
  tokens: z.object({
    prompt: z.number().int(),
    output: z.number().int(),
    /** Sum of the server's cached_tokens; null when the server never reported it. */
    cached: z.number().int().nullable(),
    output_source: z.enum(["usage", "counted", "mixed"]),
  }),
  /** cached / prompt tokens over requests that reported cached_tokens; null when none did. */
  cache_hit_rate: z.number().nullable(),
  truncated_requests: z.number().int(),
  ttft_ms: Distribution.nullable(),
  itl_ms: Distribution.nullable(),
  tpot_ms: Distribution.nullable(),
  e2e_ms: Distribution.nullable(),
  /** Scraped series before and after the run, keyed by series (`name{labels}`). */
  metrics: z.record(z.string(), MetricDelta).default({}),
  // ── issue 13 (optional: older files read unchanged) ──
  /** Concurrent conversations (users mode); null or absent in the other modes. */
  users: z.number().int().min(1).nullable().optional(),
  /** 0 (or absent) for a sweep run or a capacity search's main probes, 1… for its repeated
   * trials, and a repeated sweep's trials after the first (issue 15). */
  trial: z.number().int().min(0).optional(),
  /** The run judged against the SLO; null or absent without one. */
  slo: RunSlo.nullable().optional(),
  /** Goodput of the requests meeting every target, and the share of sessions meeting it. */
  goodput: Goodput.nullable().optional(),
  /** TTFT (or the queue) still growing through the steady window: percentiles describe a queue. */
  saturated: z.boolean().nullable().optional(),
  /** True when a capacity probe was stopped early as plainly over-saturated. */
  stopped_saturated: z.boolean().optional(),
  // --- issue 12 (src/results/truth.ts) ---
  token_check: TokenCheck.optional(),
  cache_truth: CacheTruthSummary.optional(),
  per_turn: PerTurn.optional(),
  // --- end issue 12 ---
  // ── issue 14 (optional) ──
  /** Trace replay: the run's speed factor; absent in the other modes. */
  trace_speed: z.number().positive().optional(),
});

/** One run of a sweep. */
export type RunSummary = z.infer<typeof RunSummary>;

/** What the sweep was asked to do, for provenance in the report. */
export const SweepConfig = z.object({
  endpoint: z.string(),
  model: z.string(),
  dataset: z.string(),
  /** sha256 of the dataset file's bytes. */
  dataset_digest: z.string(),
  num_samples: z.number().int().nullable(),
  concurrency: z.array(z.number().int()),
  request_rates: z.array(z.number()).default([]),
  rounds: z.number().int(),
  max_context_tokens: z.number().int(),
  max_output_tokens: z.number().int(),
  reset_cache_between_rounds: z.boolean(),
  seed: z.number().int().nullable(),
  // ── issue 13 (optional) ──
  /** Users levels (concurrent conversations with think time). */
  users: z.array(z.number().int()).optional(),
  /** The SLO's normalized targets. */
  slo: z.array(SloTargetFile).nullable().optional(),
  /** The think-time distribution of users mode (`src/slo/think_time.ts`). */
  think_time: z.looseObject({ distribution: z.string() }).nullable().optional(),
  /** Users mode: a run's length (no new conversation after it) and ramp, s. */
  duration_s: z.number().nullable().optional(),
  ramp_s: z.number().optional(),
  // --- issue 12 ---
  tokenizer: z.string().optional(),
  server: z.string().optional(),
  require_cold: z.boolean().optional(),
  // --- end issue 12 ---
  // ── issue 14 (optional) ──
  /** The length fields sent with `max_tokens` (`min_tokens+ignore_eos`, `ignore_eos`, `none`). */
  exact_output: z.string().optional(),
  /** Trace replay speeds. */
  replay_speeds: z.array(z.number()).optional(),
  // issue 15 (repeat): appended, optional; absent (older summaries, capacity searches) = 1.
  /** Trials of every load level × round (`repeat: N`), each after a cache reset when one is set. */
  repeat: z.number().int().min(1).optional(),
});

/** What the sweep was asked to do. */
export type SweepConfig = z.infer<typeof SweepConfig>;

/** A run in which a shard's time window did not meet another shard's. */
export const ShardGap = z.object({
  /** The run, `round<r>_conc<c>` or `round<r>_rate<λ>`. */
  run: z.string(),
  /** The shard whose window met no other's, and the shards it missed. */
  shard: z.number().int(),
  missed: z.array(z.number().int()),
});

/** A run in which a shard's time window did not meet another shard's. */
export type ShardGap = z.infer<typeof ShardGap>;

/**
 * Which shards a summary covers: a shard's own summary names its `index`; a merged one lists the
 * shards present, those missing (no folder or summary) or incomplete (stopped early: the result is
 * partial), the clock skew it sees, and runs whose shards did not overlap in time.
 */
export const ShardsInfo = z.object({
  count: z.number().int().min(1),
  /** The shard this summary is, in a shard's own summary; null in a merged summary. */
  index: z.number().int().min(0).nullable().default(null),
  present: z.array(z.number().int()).default([]),
  missing: z.array(z.number().int()).default([]),
  incomplete: z.array(z.number().int()).default([]),
  /** Largest spread of one run's start times across the shards, ms (clock skew + wake-up). */
  skew_ms: z.number().nullable().default(null),
  not_overlapping: z.array(ShardGap).default([]),
});

/** Which shards a summary covers. */
export type ShardsInfo = z.infer<typeof ShardsInfo>;

/** The whole `summary.json` of a sweep's results folder. */
export const SweepSummary = z.object({
  format: z.literal(1),
  /** False when the sweep stopped early; the report says so. */
  complete: z.boolean(),
  started_at: z.number(),
  ended_at: z.number(),
  turnbench_version: z.string(),
  git_commit: z.string().nullable(),
  config: SweepConfig,
  runs: z.array(RunSummary),
  /** Sharded sweeps only: which shards this summary covers (absent for a plain sweep). */
  shards: ShardsInfo.optional(),
  /** A capacity search's outcome (the `capacity` stage, `bench --capacity`); absent otherwise. */
  capacity: CapacitySummary.nullable().optional(),
  // --- issue 12 ---
  server: ServerInfo.optional(),
  tokenizer: TokenizerInfo.optional(),
  /** What the reader must know: counts that disagree, a reset that did not clear the cache. */
  warnings: z.array(z.string()).optional(),
  // --- end issue 12 ---
});

/** The whole `summary.json` of a sweep's results folder. */
export type SweepSummary = z.infer<typeof SweepSummary>;

/**
 * Reads and validates the `summary.json` of a sweep results folder (the file is small: one
 * entry per run). The one reader of this file: the scrape stage and the report both use it.
 *
 * @param sweepDir the sweep's results folder (`${{ sweep.dir }}`)
 * @throws {InputError} `<dir>/summary.json: file not found`, `…:3:7: not valid JSON: …`,
 *   `…: not a sweep summary: runs.0.round: …`
 * @example
 * ```ts
 * const summary = await readSweepSummary("runs/mixed/sweep");
 * ```
 */
export function readSweepSummary(sweepDir: string): Promise<SweepSummary> {
  return readJsonFile(join(sweepDir, SUMMARY_FILE), SweepSummary, "sweep summary");
}

/**
 * Writes a sweep's `summary.json` (pretty JSON, atomically: a killed sweep leaves the last one).
 *
 * @param path the file, usually `<dir>/summary.json`
 * @example
 * ```ts
 * await writeSweepSummary(join(outDir, SUMMARY_FILE), summary);
 * ```
 */
export function writeSweepSummary(path: string, summary: SweepSummary): Promise<void> {
  return writeJsonFile(path, summary);
}
