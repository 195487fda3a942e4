/**
 * @module Run summaries computed by streaming over request records: the one implementation the
 * sweep (while it runs) and the report (rebuilding a run from records.jsonl) both use.
 */
import type { ErrorKind, RequestRecord } from "../results/record.ts";
import type { Distribution, RunSummary } from "../results/summary.ts";
import { summarize } from "./distribution.ts";
import { SpilledSamples } from "./spilled_samples.ts";

/** Which run the records belong to and when it ran (epoch ms). */
export interface RunWindow {
  round: number;
  concurrency: number | null;
  request_rate?: number | null;
  started_at: number;
  ended_at: number;
  /** False when the run was interrupted. */
  complete: boolean;
  /** The trial of a repeated sweep or capacity search; left out of the summary when 0 or absent. */
  trial?: number;
}

/** Options for {@link RunAccumulator}. */
export interface RunAccumulatorOptions {
  /** Keep inter-token gaps for `itl_ms` (there can be many); default true. */
  keepItl?: boolean;
  /**
   * Keep the latency samples in files in this (existing) folder instead of memory: the same
   * exact summary, with memory that does not grow with the records (the shard merge). `samples`
   * is then unavailable; call `close()` when done.
   */
  spillDir?: string;
}

/** Where one latency's samples go: an array, or a file (src/stats/spilled_samples.ts). */
interface SampleStore {
  push(v: number): void;
  distribution(): Distribution | null;
  close(): void;
}

class MemorySamples implements SampleStore {
  readonly values: number[] = [];
  push(v: number): void {
    this.values.push(v);
  }
  distribution(): Distribution | null {
    return summarize(this.values);
  }
  close(): void {}
}

/** Latency samples of the successful requests added so far, in the order added. */
export interface RunSamples {
  readonly ttft: readonly number[];
  readonly e2e: readonly number[];
  readonly tpot: readonly number[];
  /** Empty when the accumulator was made with `keepItl: false`. */
  readonly itl: readonly number[];
}

/** What the context of every request added so far (failed ones too) adds up to. */
export interface RunContext {
  /** Mean and max of `context_tokens`; null when no record was added. */
  mean: number | null;
  max: number | null;
  /** Sum of `dropped_turns`. */
  dropped_turns: number;
}

/**
 * Accumulates records one at a time into a run summary, holding only the latency samples, never
 * the records, so a run of 200k requests streams through it.
 *
 * The rules (vLLM's benchmark counts the same way):
 * - Token totals (prompt, output, cached) and throughput cover successful requests only; a failed
 *   request's partial output is not throughput.
 * - Failures are counted by `error_kind`; a failure without one (records older than the field) is
 *   counted in `requests.failed` under no kind, so the report shows it as "other".
 * - Latency distributions cover successful requests (TTFT also needs a first content chunk).
 * - `tokens.output_source` says where the successful requests' output counts came from;
 *   `counted` when none succeeded (nothing came from the server's usage).
 * - Truncation, context and the time span cover every record.
 *
 * @example
 * ```ts
 * const acc = new RunAccumulator();
 * for await (const r of records) acc.add(r);
 * const summary = acc.finish(); // window from the records, marked incomplete
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
  #contextSum = 0;
  #contextMax = 0;
  #dropped = 0;
  #first: RequestRecord | null = null;
  #start = Infinity;
  #end = -Infinity;
  readonly #keepItl: boolean;
  readonly #ttft: SampleStore;
  readonly #itl: SampleStore;
  readonly #tpot: SampleStore;
  readonly #e2e: SampleStore;

  /** Starts an empty run. */
  constructor(opts: RunAccumulatorOptions = {}) {
    this.#keepItl = opts.keepItl ?? true;
    const store = (): SampleStore =>
      opts.spillDir === undefined ? new MemorySamples() : new SpilledSamples(opts.spillDir);
    this.#ttft = store();
    this.#itl = store();
    this.#tpot = store();
    this.#e2e = store();
  }

  /** Adds one record. */
  add(r: RequestRecord): void {
    this.#total++;
    this.#first ??= r;
    if (r.history_truncated || r.message_truncated) this.#truncated++;
    this.#contextSum += r.context_tokens;
    this.#contextMax = Math.max(this.#contextMax, r.context_tokens);
    this.#dropped += r.dropped_turns;
    this.#start = Math.min(this.#start, r.started_at);
    this.#end = Math.max(this.#end, r.started_at + (r.e2e_ms ?? r.ttft_ms ?? 0));
    if (!r.ok) {
      if (r.error_kind !== null) this.#errors[r.error_kind] = (this.#errors[r.error_kind] ?? 0) + 1;
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
    if (this.#keepItl) { for (const gap of r.itl_ms) this.#itl.push(gap); }
  }

  /** Records added so far. */
  get count(): number {
    return this.#total;
  }

  /**
   * Latency samples of the successful requests so far (live views; do not modify).
   *
   * @throws {RangeError} when the samples are kept on disk (`spillDir`)
   */
  get samples(): RunSamples {
    const values = (s: SampleStore) => {
      if (s instanceof MemorySamples) return s.values;
      throw new RangeError("Cannot list the samples of a run kept on disk (spillDir)");
    };
    return {
      ttft: values(this.#ttft),
      e2e: values(this.#e2e),
      tpot: values(this.#tpot),
      itl: values(this.#itl),
    };
  }

  /** Removes the spilled samples' files (with `spillDir`); a no-op otherwise. */
  close(): void {
    for (const s of [this.#ttft, this.#itl, this.#tpot, this.#e2e]) s.close();
  }

  /** Context tokens and dropped turns over every record so far. */
  get context(): RunContext {
    return {
      mean: this.#total ? this.#contextSum / this.#total : null,
      max: this.#total ? this.#contextMax : null,
      dropped_turns: this.#dropped,
    };
  }

  /**
   * The records' own time span: the earliest `started_at` and the latest end
   * (`started_at + (e2e_ms ?? ttft_ms ?? 0)`), epoch ms; null when none was added.
   */
  get span(): { started_at: number; ended_at: number } | null {
    return this.#total ? { started_at: this.#start, ended_at: this.#end } : null;
  }

  /** The summary of everything added so far, over the given window (what the sweep writes). */
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
      ttft_ms: this.#ttft.distribution(),
      itl_ms: this.#itl.distribution(),
      tpot_ms: this.#tpot.distribution(),
      e2e_ms: this.#e2e.distribution(),
      metrics: {},
      ...(w.trial ? { trial: w.trial } : {}),
    };
  }

  /**
   * The summary of a run rebuilt from its records alone (a sweep stopped before it wrote the
   * run): the run's id comes from the first record, the window is the records' {@link span}
   * (0–0 when empty) and the run is marked incomplete; `window` overrides any of these.
   *
   * @throws {RangeError} when no record was added and `window` names no round
   */
  finish(window: Partial<RunWindow> = {}): RunSummary {
    const first = this.#first;
    const round = window.round ?? first?.round;
    if (round === undefined) {
      throw new RangeError("Cannot summarize a run: no records and no round");
    }
    const span = this.span;
    return this.summary({
      round,
      concurrency: window.concurrency !== undefined
        ? window.concurrency
        : first?.concurrency ?? null,
      request_rate: window.request_rate !== undefined
        ? window.request_rate
        : first?.request_rate ?? null,
      started_at: window.started_at ?? span?.started_at ?? 0,
      ended_at: window.ended_at ?? span?.ended_at ?? 0,
      complete: window.complete ?? false,
      trial: window.trial ?? first?.trial,
    });
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
