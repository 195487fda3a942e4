/** @module Run and sweep summaries: what `summary.json` of a sweep holds, its reader and writer. */
import { join } from "node:path";
import { z } from "zod";
import { readJsonFile, writeJsonFile } from "../io/json_file.ts";
import { SUMMARY_FILE } from "./layout.ts";
import { ErrorKind } from "./record.ts";

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
  // issue 15 (repeat): appended, optional; a run without it is trial 1.
  /** 1-based trial of a repeated sweep (`repeat: N`); absent in older files (trial 1). */
  trial: z.number().int().min(1).optional(),
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
  // issue 15 (repeat): appended; older summaries read as 1.
  /** Trials of every load level × round (`repeat: N`), each after a cache reset when one is set. */
  repeat: z.number().int().min(1).default(1),
});

/** What the sweep was asked to do. */
export type SweepConfig = z.infer<typeof SweepConfig>;

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
