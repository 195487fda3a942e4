/** @module Test helper: a valid sweep summary with chosen run windows. */
import { SweepSummary } from "../../src/results/summary.ts";
import type { RunSummary } from "../../src/results/summary.ts";

/** A run's identity and window (epoch ms). */
export type RunWindow =
  & Pick<RunSummary, "round" | "concurrency" | "started_at" | "ended_at">
  & Partial<Pick<RunSummary, "request_rate">>;

/** Builds a schema-valid `SweepSummary` whose runs have the given windows. */
export function sweepSummary(windows: RunWindow[]): SweepSummary {
  return SweepSummary.parse({
    format: 1,
    complete: true,
    started_at: windows[0]?.started_at ?? 0,
    ended_at: windows.at(-1)?.ended_at ?? 0,
    turnbench_version: "0.0.0-test",
    git_commit: null,
    config: {
      endpoint: "http://127.0.0.1:1/v1/chat/completions",
      model: "mock",
      dataset: "sessions.jsonl",
      dataset_digest: "0".repeat(64),
      num_samples: null,
      concurrency: [...new Set(windows.map((w) => w.concurrency ?? 1))],
      rounds: 2,
      max_context_tokens: 8192,
      max_output_tokens: 128,
      reset_cache_between_rounds: false,
      seed: 1,
    },
    runs: windows.map((w) => ({
      ...w,
      duration_s: (w.ended_at - w.started_at) / 1000,
      complete: true,
      requests: { total: 1, ok: 1, failed: 0 },
      errors: {},
      throughput: { requests_per_s: 1, output_tokens_per_s: 1, total_tokens_per_s: 1 },
      tokens: { prompt: 1, output: 1, cached: null, output_source: "usage" },
      cache_hit_rate: null,
      truncated_requests: 0,
      ttft_ms: null,
      itl_ms: null,
      tpot_ms: null,
      e2e_ms: null,
    })),
  });
}
