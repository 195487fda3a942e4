/** @module `scraped.json`: series read back from a Prometheus server over each run's window. */
import { z } from "zod";
import { MetricDelta } from "../results/summary.ts";
import type { RunSummary, SweepSummary } from "../results/summary.ts";
import { metricDeltas } from "./delta.ts";
import type { HttpOptions } from "./_http.ts";
import { instantValues, queryInstant } from "./query_api.ts";

/** One run's series, matched to the sweep's run by (round, concurrency, request_rate). */
export const ScrapedRun = z.object({
  round: z.number().int().min(1),
  concurrency: z.number().int().min(1).nullable(),
  request_rate: z.number().positive().nullable().default(null),
  /** The instants the queries were evaluated at, unix seconds (window start and end). */
  start_s: z.number().optional(),
  end_s: z.number().optional(),
  /** Series key (`name{a="x"}`, labels sorted) → value at start, at end, and their difference. */
  metrics: z.record(z.string(), MetricDelta),
});

/** One run's series. */
export type ScrapedRun = z.infer<typeof ScrapedRun>;

/** The whole `scraped.json` written by the `scrape` stage. */
export const ScrapedMetrics = z.object({
  format: z.literal(1),
  /** The Prometheus server's base URL. */
  source: z.string(),
  /** The queries evaluated (metric names or PromQL). */
  queries: z.array(z.string()).default([]),
  /** Seconds added to each run's end before querying (scrape-interval alignment). */
  offset_s: z.number().default(0),
  runs: z.array(ScrapedRun),
});

/** The whole `scraped.json` written by the `scrape` stage. */
export type ScrapedMetrics = z.infer<typeof ScrapedMetrics>;

/** Options of `scrapeRunWindows`. */
export interface RunWindowOptions extends HttpOptions {
  /**
   * Seconds added to each run's end (default 0), so the first scrape after the run's last request
   * is included: set it to about the scrape interval. The start is not moved, so that no part of
   * the run leaks into the "before" value; the cost is that up to `offset_s` of the next run may
   * count into this one.
   */
  offsetS?: number;
  /** The clock, epoch ms (default `Date.now`); a window end in the future is clamped to it. */
  now?: () => number;
  /** Called after each run is read (progress). */
  onRun?(run: ScrapedRun, index: number, total: number): void;
}

/**
 * Reads each query back from a Prometheus server at the start and the end of every run of a
 * sweep (instant queries at `started_at` and `ended_at + offset_s`, clamped to now) and pairs the
 * values into before/after/delta per series.
 *
 * @param promUrl the server's base URL, e.g. `http://127.0.0.1:9090`
 * @param queries metric names or PromQL expressions returning instant vectors or scalars
 * @param runs a sweep summary or its runs
 * @throws {UserError} when the server is unreachable or refuses a query
 * @example
 * ```ts
 * import { readSweepSummary } from "./summary_file.ts";
 *
 * const summary = await readSweepSummary("runs/mixed/sweep");
 * const scraped = await scrapeRunWindows("http://127.0.0.1:9090", ["vllm:prefix_cache_hits_total"], summary, {
 *   offsetS: 15,
 * });
 * await Deno.writeTextFile("scraped.json", JSON.stringify(scraped, null, 2));
 * ```
 */
export async function scrapeRunWindows(
  promUrl: string,
  queries: readonly string[],
  runs: readonly RunSummary[] | SweepSummary,
  opts: RunWindowOptions = {},
): Promise<ScrapedMetrics> {
  const list = "runs" in runs ? runs.runs : runs;
  const offsetS = opts.offsetS ?? 0;
  const now = opts.now ?? Date.now;
  const out: ScrapedRun[] = [];
  for (const [index, run] of list.entries()) {
    const nowS = now() / 1000;
    const startS = Math.min(run.started_at / 1000, nowS);
    const endS = Math.max(startS, Math.min(run.ended_at / 1000 + offsetS, nowS));
    const before = new Map<string, number>();
    const after = new Map<string, number>();
    for (const query of queries) {
      for (const [time, into] of [[startS, before], [endS, after]] as const) {
        const data = await queryInstant(promUrl, query, { ...opts, time });
        for (const [key, value] of instantValues(data, query)) into.set(key, value);
      }
    }
    const scraped: ScrapedRun = {
      round: run.round,
      concurrency: run.concurrency,
      request_rate: run.request_rate,
      start_s: startS,
      end_s: endS,
      metrics: metricDeltas(before, after),
    };
    out.push(scraped);
    opts.onRun?.(scraped, index, list.length);
  }
  return { format: 1, source: promUrl, queries: [...queries], offset_s: offsetS, runs: out };
}
