/** @module File names inside a sweep's results folder, shared by the sweep, scrape and report. */

/** Request records, one JSON line each, appended as requests finish. */
export const RECORDS_FILE = "records.jsonl";
/** The sweep summary (`SweepSummary`), rewritten after every run. */
export const SUMMARY_FILE = "summary.json";
/** Metrics read back from a Prometheus server by the `scrape` stage (`ScrapedMetrics`). */
export const SCRAPED_FILE = "scraped.json";
