/** @module Scrape chosen series from a `/metrics` page (vLLM, SGLang, LMCache, the mock). */
import { UserError } from "../util/errors.ts";
import { ExpositionSyntaxError, parseExposition } from "./exposition.ts";
import type { MetricType, Sample } from "./exposition.ts";
import { CHILD_SUFFIXES } from "./_family.ts";
import { fetchWithDeadline } from "../io/http.ts";
import type { HttpOptions } from "../io/http.ts";
import { splitLines } from "../io/lines.ts";
import { matchesLabels, parseSelector } from "./selector.ts";
import type { Selector } from "./selector.ts";
import { seriesKey } from "./series.ts";

/** Options of a scrape. */
export type ScrapeOptions = HttpOptions;

/** Asks for the classic text format (as Prometheus itself does as a fallback), not protobuf. */
const ACCEPT =
  "text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1";

/** What one scrape found. */
export interface ScrapeResult {
  /** Value of every kept series, by series key `name{a="x"}` (labels sorted). */
  values: Map<string, number>;
  /** The requested names that matched no series on the page, in request order. */
  missing: string[];
  /** Number of samples on the whole page. */
  samples: number;
  /** The family type of every kept series (`counter`, `gauge`, …; `untyped` when undeclared). */
  types: Map<string, MetricType>;
}

/**
 * Scrapes `url` and keeps the requested series; see `scrapeMetricsDetailed` for the rules.
 *
 * @returns the kept values by series key
 * @throws {UserError} when the page cannot be fetched (unreachable, non-2xx, too slow) or parsed
 * @example
 * ```ts
 * const before = await scrapeMetrics("http://127.0.0.1:8000/metrics", ["vllm:prefix_cache_hits_total"]);
 * ```
 */
export async function scrapeMetrics(
  url: string,
  names: readonly string[],
  opts: ScrapeOptions = {},
): Promise<Map<string, number>> {
  return (await scrapeMetricsDetailed(url, names, opts)).values;
}

/**
 * Scrapes `url`, streaming the page, and keeps the series the requested names select:
 * - a name selects the samples of that exact name, and for a histogram, summary or (OpenMetrics)
 *   counter family also its `_bucket`/`_sum`/`_count` (`_total`, `_gsum`, `_gcount`) samples;
 * - `name{label="v",…}` (PromQL matchers `=`, `!=`, `=~`, `!~`) keeps only the selected samples
 *   whose labels match; a label the series lacks counts as `""`;
 * - an empty `names` keeps every series on the page.
 * A name that selects nothing is not an error: it is listed in `missing`.
 *
 * @throws {UserError} `Cannot scrape metrics from "<url>": HTTP 500 Internal Server Error` and the like
 * @example
 * ```ts
 * const { values, missing } = await scrapeMetricsDetailed("http://127.0.0.1:8000/metrics", [
 *   "vllm:time_to_first_token_seconds",
 *   'vllm:num_requests_running{model_name="m"}',
 * ]);
 * ```
 */
export async function scrapeMetricsDetailed(
  url: string,
  names: readonly string[],
  opts: ScrapeOptions = {},
): Promise<ScrapeResult> {
  const selectors = names.map(parseSelector);
  const what = `Cannot scrape metrics from "${url}"`;
  const headers = new Headers(opts.headers);
  if (!headers.has("accept")) headers.set("accept", ACCEPT);
  return await fetchWithDeadline(url, what, { ...opts, headers }, async (response) => {
    if (!response.ok) {
      throw new UserError(`${what}: HTTP ${response.status} ${response.statusText}`.trim());
    }
    if (!response.body) {
      return { values: new Map(), missing: [...names], samples: 0, types: new Map() };
    }
    const pick = selectorIndex(selectors);
    const values = new Map<string, number>();
    const types = new Map<string, MetricType>();
    const found = new Set<Selector>();
    let samples = 0;
    try {
      for await (const sample of parseExposition(textLines(response.body, url))) {
        samples++;
        if (selectors.length > 0) {
          const hits = pick(sample);
          if (hits.length === 0) continue;
          for (const hit of hits) found.add(hit);
        }
        const key = seriesKey(sample.name, sample.labels);
        values.set(key, sample.value);
        types.set(key, sample.type);
      }
    } catch (error) {
      if (!(error instanceof ExpositionSyntaxError)) throw error;
      throw new UserError(
        `${what}: line ${error.line}, column ${error.column}: ${error.detail}`,
        { cause: error },
      );
    }
    const missing = selectors.filter((s) => !found.has(s)).map((s) => s.text);
    return { values, missing, samples, types };
  });
}

/**
 * Returns a function giving the selectors that keep a sample (none: an empty array). Selectors
 * are indexed by the sample names they accept, so each sample costs one or two map look-ups.
 */
function selectorIndex(selectors: readonly Selector[]): (sample: Sample) => Selector[] {
  const byName = new Map<string, Selector[]>();
  for (const s of selectors) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const none: Selector[] = [];
  const matching = (list: Selector[] | undefined, sample: Sample) =>
    list ? list.filter((s) => matchesLabels(s.matchers, sample.labels)) : none;
  return (sample) => {
    const own = matching(byName.get(sample.name), sample);
    if (sample.family === sample.name) return own;
    const suffix = sample.name.slice(sample.family.length);
    if (suffix === "_created" || !CHILD_SUFFIXES[sample.type]?.includes(suffix)) return own;
    const parent = matching(byName.get(sample.family), sample);
    return own.length === 0 ? parent : [...own, ...parent];
  };
}

/** The text of each line of a response body, streamed. */
async function* textLines(body: ReadableStream<Uint8Array>, url: string): AsyncGenerator<string> {
  for await (const { text } of splitLines(body, url)) yield text;
}
