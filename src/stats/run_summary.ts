/** @module Run summaries computed by streaming over request records (shared by the sweep and the report). */
import type { ErrorKind, RequestRecord } from "../results/record.ts";
import type { RunSummary } from "../results/summary.ts";
import { summarize } from "./distribution.ts";

/** Which run the records belong to and when it ran (epoch ms). */
export interface RunWindow {
  round: number;
  concurrency: number | null;
  request_rate?: number | null;
  started_at: number;
  ended_at: number;
  /** False when the run was interrupted. */
  complete: boolean;
}

/**
 * Accumulates records one at a time into a run summary, keeping only the latency samples.
 * Throughput and token totals cover successful requests; failures are counted by kind;
 * latency distributions cover successful requests (TTFT also needs a first content chunk).
 * `tokens.output_source` says where the successful requests' output counts came from
 * (`counted` when none succeeded).
 *
 * @example
 * ```ts
 * const acc = new RunAccumulator();
 * for (const r of records) acc.add(r);
 * const summary = acc.summary({ round: 1, concurrency: 4, started_at, ended_at, complete: true });
 * ```
 */
export class RunAccumulator {
  #total = 0;
  #ok = 0;
  #errors: Partial<Record<ErrorKind, number>> = {};
  #prompt = 0;
  #output = 0;
  #cached: number | null = null;
  #promptWithCached = 0;
  #usage = 0;
  #counted = 0;
  #truncated = 0;
  readonly #ttft: number[] = [];
  readonly #itl: number[] = [];
  readonly #tpot: number[] = [];
  readonly #e2e: number[] = [];

  /** Adds one record. */
  add(r: RequestRecord): void {
    this.#total++;
    if (r.history_truncated || r.message_truncated) this.#truncated++;
    if (!r.ok) {
      const kind = r.error_kind ?? "stream";
      this.#errors[kind] = (this.#errors[kind] ?? 0) + 1;
      return;
    }
    this.#ok++;
    this.#prompt += r.prompt_tokens;
    this.#output += r.output_tokens;
    if (r.output_tokens_source === "usage") this.#usage++;
    else this.#counted++;
    if (r.cached_tokens !== null) {
      this.#cached = (this.#cached ?? 0) + r.cached_tokens;
      this.#promptWithCached += r.prompt_tokens;
    }
    if (r.ttft_ms !== null) this.#ttft.push(r.ttft_ms);
    if (r.e2e_ms !== null) this.#e2e.push(r.e2e_ms);
    if (r.tpot_ms !== null) this.#tpot.push(r.tpot_ms);
    for (const gap of r.itl_ms) this.#itl.push(gap);
  }

  /** The summary of everything added so far, over the given window. */
  summary(w: RunWindow): RunSummary {
    const seconds = Math.max(0, w.ended_at - w.started_at) / 1000;
    const per = (n: number) => (seconds > 0 ? n / seconds : 0);
    return {
      round: w.round,
      concurrency: w.concurrency,
      request_rate: w.request_rate ?? null,
      started_at: w.started_at,
      ended_at: w.ended_at,
      duration_s: seconds,
      complete: w.complete,
      requests: { total: this.#total, ok: this.#ok, failed: this.#total - this.#ok },
      errors: { ...this.#errors },
      throughput: {
        requests_per_s: per(this.#ok),
        output_tokens_per_s: per(this.#output),
        total_tokens_per_s: per(this.#prompt + this.#output),
      },
      tokens: {
        prompt: this.#prompt,
        output: this.#output,
        cached: this.#cached,
        output_source: this.#usage === 0 ? "counted" : this.#counted === 0 ? "usage" : "mixed",
      },
      cache_hit_rate: this.#cached === null || this.#promptWithCached === 0
        ? null
        : this.#cached / this.#promptWithCached,
      truncated_requests: this.#truncated,
      ttft_ms: summarize(this.#ttft),
      itl_ms: summarize(this.#itl),
      tpot_ms: summarize(this.#tpot),
      e2e_ms: summarize(this.#e2e),
      metrics: {},
    };
  }
}

/**
 * Summarizes a run from its records in one pass (they may come from a streamed file).
 *
 * @param records the run's records, in any order
 * @param window the run's round, load level, start/end times and completeness
 * @returns the run summary (empty `metrics`; the sweep adds scraped metrics)
 * @example
 * ```ts
 * const summary = summarizeRecords(records.filter((r) => r.round === 2), window);
 * ```
 */
export function summarizeRecords(records: Iterable<RequestRecord>, window: RunWindow): RunSummary {
  const acc = new RunAccumulator();
  for (const r of records) acc.add(r);
  return acc.summary(window);
}
