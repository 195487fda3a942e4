/**
 * @module Reads a scrape stage's `scraped.json` for the report; the report's one import of its
 * schema (which is to move to `src/results/`).
 */
// TODO(merge): the schema moves to src/results/
import { ScrapedMetrics } from "../../prom/scraped.ts";
import { readJsonFile } from "./io.ts";

export type { ScrapedMetrics };

/**
 * Reads and validates a `scraped.json` (the scrape stage's `ScrapedMetrics`).
 *
 * @throws {InputError} when the file is missing, not JSON, or not a scraped-metrics file
 * @example
 * ```ts
 * const scraped = await readScraped("runs/x/scraped.json");
 * ```
 */
export function readScraped(path: string): Promise<ScrapedMetrics> {
  return readJsonFile(path, ScrapedMetrics, "scraped metrics file");
}
