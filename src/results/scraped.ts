/** @module `scraped.json`: series read back from a Prometheus server over each run's window. */
import { z } from "zod";
import { readJsonFile, writeJsonFile } from "../io/json_file.ts";
import { MetricDelta } from "./summary.ts";

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
  // issue 15 (repeat): appended, optional; absent = trial 0.
  /** The run's trial in a repeated sweep. */
  trial: z.number().int().min(0).optional(),
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

/**
 * Reads and validates a `scraped.json`.
 *
 * @throws {InputError} when the file is missing, not JSON, or not a scraped-metrics file
 * @example
 * ```ts
 * const scraped = await readScraped("runs/x/scrape/scraped.json");
 * ```
 */
export function readScraped(path: string): Promise<ScrapedMetrics> {
  return readJsonFile(path, ScrapedMetrics, "scraped metrics file");
}

/**
 * Writes a `scraped.json` (pretty JSON, atomically).
 *
 * @example
 * ```ts
 * await writeScraped(join(outDir, SCRAPED_FILE), scraped);
 * ```
 */
export function writeScraped(path: string, scraped: ScrapedMetrics): Promise<void> {
  return writeJsonFile(path, scraped);
}
