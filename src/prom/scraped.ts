/** @module Reads series back from a Prometheus server over each run's window (for `scraped.json`). */
import type { RunSummary, SweepSummary } from "../results/summary.ts";
import type { ScrapedMetrics, ScrapedRun } from "../results/scraped.ts";
import { metricDeltas } from "./delta.ts";
import type { HttpOptions } from "../io/http.ts";
import { UserError } from "../util/errors.ts";
import { sleep } from "../io/sleep.ts";
import { instantValues, PrometheusApiError, queryInstant } from "./query_api.ts";
import { parseSelector } from "./selector.ts";

/** Options of `scrapeRunWindows`. */
export interface RunWindowOptions extends HttpOptions {
  /**
   * Seconds added to each run's end (default 0), so the first scrape after the run's last request
   * is included: set it to about the scrape interval. The start is not moved, so that no part of
   * the run leaks into the "before" value; the cost is that up to `offset_s` of the next run may
   * count into this one.
   */
  offsetS?: number;
  /**
   * Longest wait, in seconds (default 60; 0: no wait), for the server to have scraped past the
   * last window's end before anything is read: see `waitForScrapesPast`. Without it, runs that
   * just ended are read before their last scrape is stored and the after-value misses their tail.
   */
  waitS?: number;
  /** Called when the wait for fresh scrapes starts (progress). */
  onWait?(untilS: number): void;
  /** The clock, epoch ms (default `Date.now`); a window end in the future is clamped to it. */
  now?: () => number;
  /** Called after each run is read (progress). */
  onRun?(run: ScrapedRun, index: number, total: number): void;
}

/**
 * Reads each query back from a Prometheus server at the start and the end of every run of a
 * sweep (instant queries at `started_at` and `ended_at + offset_s`, clamped to now) and pairs the
 * values into before/after/delta per series. It first waits, at most `waitS`, until the server
 * has scraped past the last run's `ended_at + offset_s` (see `waitForScrapesPast`).
 *
 * @param promUrl the server's base URL, e.g. `http://127.0.0.1:9090`
 * @param queries metric names or PromQL expressions returning instant vectors or scalars
 * @param runs a sweep summary or its runs
 * @throws {UserError} when the server is unreachable or refuses a query, when it has not scraped
 *   past the last window within `waitS`, or when no query has a series in any window (a server
 *   started after the sweep, or metric names it does not have)
 * @example
 * ```ts
 * import { readSweepSummary } from "../results/summary.ts";
 * import { writeScraped } from "../results/scraped.ts";
 *
 * const summary = await readSweepSummary("runs/mixed/sweep");
 * const scraped = await scrapeRunWindows("http://127.0.0.1:9090", ["vllm:prefix_cache_hits_total"], summary, {
 *   offsetS: 15,
 *   waitS: 60,
 * });
 * await writeScraped("scraped.json", scraped);
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
  if (list.length > 0) {
    const untilS = Math.max(...list.map((run) => run.ended_at / 1000 + offsetS));
    const { signal, timeoutMs, headers, onWait } = opts;
    await waitForScrapesPast(promUrl, queries, untilS, {
      signal,
      timeoutMs,
      headers,
      onWait,
      maxWaitS: opts.waitS ?? 60,
    });
  }
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
      ...(run.trial !== undefined ? { trial: run.trial } : {}),
    };
    out.push(scraped);
    opts.onRun?.(scraped, index, list.length);
  }
  if (out.length > 0 && out.every((run) => Object.keys(run.metrics).length === 0)) {
    throw new UserError(
      `Cannot read run windows from Prometheus "${promUrl}": no query has a series in any run's window (was this server scraping the endpoint during the sweep?)`,
    );
  }
  return { format: 1, source: promUrl, queries: [...queries], offset_s: offsetS, runs: out };
}

/** Options of `waitForScrapesPast`. */
export interface FreshOptions extends HttpOptions {
  /** Longest wait in seconds; 0 does not wait. */
  maxWaitS: number;
  /** The clock, epoch ms (default `Date.now`: the server's scrapes run on real time). */
  now?: () => number;
  /** Poll period, ms (default 250). */
  pollMs?: number;
  /** Called when a wait starts (progress). */
  onWait?(untilS: number): void;
}

/**
 * The probes that tell how far a server has scraped: for each query that is a plain selector
 * (`name` or `name{…}`), `min(timestamp(<query>))`, the oldest newest-sample time among its
 * series; when no query is one (only PromQL expressions), the same over `up` (every target).
 */
export function freshnessProbes(queries: readonly string[]): string[] {
  const selectors = queries.filter((q) => {
    try {
      return parseSelector(q) !== undefined;
    } catch {
      return false;
    }
  });
  return (selectors.length > 0 ? selectors : ["up"]).map((q) => `min(timestamp(${q.trim()}))`);
}

/**
 * Waits, bounded, until the newest sample of every series of `queries` is at or after `untilS`
 * (unix seconds). Prometheus appends a target's samples in time order, so from then on an
 * instant query at `untilS` or earlier has its final answer: the last scrape at or before it is
 * stored. No extra wall-clock margin (such as one scrape interval) is needed, and the scrape
 * interval need not be known. A query without series (not exported, or stale because its target
 * went away) or one the server refuses to wrap is not waited for. Returns at once, without a
 * query, when `untilS` is more than `maxWaitS` in the past (an old sweep read again).
 *
 * @throws {UserError} when the server has not scraped past `untilS` within `maxWaitS`
 * @example
 * ```ts
 * const untilS = Date.now() / 1000 + 1;
 * await waitForScrapesPast("http://127.0.0.1:9090", ["vllm:prefix_cache_hits_total"], untilS, {
 *   maxWaitS: 30,
 * });
 * ```
 */
export async function waitForScrapesPast(
  promUrl: string,
  queries: readonly string[],
  untilS: number,
  opts: FreshOptions,
): Promise<void> {
  const now = opts.now ?? Date.now;
  if (opts.maxWaitS <= 0 || now() / 1000 - untilS > opts.maxWaitS) return;
  const deadline = now() + opts.maxWaitS * 1000;
  let pending = freshnessProbes(queries);
  let newest = NaN;
  opts.onWait?.(untilS);
  for (;;) {
    const behind: string[] = [];
    for (const probe of pending) {
      const time = await probeTime(promUrl, probe, opts);
      if (time === undefined || time >= untilS) continue;
      behind.push(probe);
      newest = time;
    }
    pending = behind;
    if (pending.length === 0) return;
    if (now() >= deadline) {
      throw new UserError(
        `Cannot read run windows from Prometheus "${promUrl}": newest sample of "${
          pending[0]
        }" at ${newest}, still before ${untilS} after ${opts.maxWaitS} s (is its target still scraped?)`,
      );
    }
    await sleep(opts.pollMs ?? 250, opts.signal);
    opts.signal?.throwIfAborted();
  }
}

/** A probe's value now, or undefined when it has none or the server refuses it. */
async function probeTime(
  promUrl: string,
  probe: string,
  opts: HttpOptions,
): Promise<number | undefined> {
  try {
    const { signal, timeoutMs, headers } = opts;
    const data = await queryInstant(promUrl, probe, { signal, timeoutMs, headers });
    return instantValues(data, probe).values().next().value;
  } catch (error) {
    if (error instanceof PrometheusApiError) return undefined;
    throw error;
  }
}
