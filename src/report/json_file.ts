/** @module Reads a scrape stage's `scraped.json` for the report. */
import { ScrapedMetrics } from "../prom/scraped.ts";
import { readJsonFile } from "../io/json_file.ts";

/**
 * Reads and validates a `scraped.json` (the scrape stage's `ScrapedMetrics`).
 *
 * @throws {InputError} when the file is missing, not JSON, or not a scraped-metrics file
 */
export function readScraped(path: string): Promise<ScrapedMetrics> {
  return readJsonFile(path, ScrapedMetrics, "scraped metrics file");
}
