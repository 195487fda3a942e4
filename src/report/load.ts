/** @module Loads a sweep's results folder: summary.json, records.jsonl (streamed), scraped.json. */
import { join } from "node:path";
import { RECORDS_FILE, SCRAPED_FILE, SUMMARY_FILE } from "../results/layout.ts";
import { readSweepSummary, type SweepSummary } from "../results/summary.ts";
import { UserError } from "../util/errors.ts";
import { joinRuns, type RunView } from "./runs.ts";
import { runKey, runLabel } from "./run_key.ts";
import { type RecordScan, scanRecords } from "./scan.ts";
import { readScraped, type ScrapedMetrics } from "../results/scraped.ts";

/** A results folder, read. */
export interface LoadedSweep {
  dir: string;
  summary: SweepSummary;
  views: RunView[];
  /** Null when the folder has no records.jsonl. */
  scan: RecordScan | null;
  scraped: ScrapedMetrics | null;
  /** The scraped file read, if any. */
  scrapedPath: string | null;
  /** Things the reader should know (missing records, a cut-off last line, …). */
  notes: string[];
}

/**
 * Reads a sweep's results folder. The scraped metrics come from `scrapedPath`, else from a
 * `scraped.json` in the folder when there is one.
 *
 * @throws {UserError} when the folder or its summary.json is missing or invalid
 * @example
 * ```ts
 * const sweep = await loadSweep("runs/2026-11-24");
 * console.log(sweep.views.length, "runs");
 * ```
 */
export async function loadSweep(dir: string, scrapedPath?: string): Promise<LoadedSweep> {
  await requireDir(dir);
  const summary = await readSweepSummary(dir);
  const notes: string[] = [];
  const inSummary = new Map(summary.runs.map((r) => [runKey(r), r]));
  const recordsPath = join(dir, RECORDS_FILE);
  let scan: RecordScan | null = null;
  if (await exists(recordsPath)) {
    scan = await scanRecords(recordsPath, {
      wantItl: (key) => !inSummary.get(key)?.itl_ms,
      onCutLastLine: (line) =>
        notes.push(`${RECORDS_FILE}:${line}: last line is cut off (interrupted write); skipped`),
    });
  } else {
    notes.push(`No ${RECORDS_FILE} in the results folder: charts that need records are left out`);
  }
  const found = scrapedPath ?? join(dir, SCRAPED_FILE);
  const scraped = scrapedPath || await exists(found) ? await readScraped(found) : null;
  const views = joinRuns(summary.runs, scan, scraped);
  for (const v of views) {
    if (v.source === "records") {
      notes.push(`Run ${runLabel(v)} is missing from ${SUMMARY_FILE}: rebuilt from its records`);
    }
  }
  const known = new Set(views.map(runKey));
  for (const r of scraped?.runs ?? []) {
    if (!known.has(runKey(r))) notes.push(`Scraped metrics for ${runLabel(r)} match no run`);
  }
  return { dir, summary, views, scan, scraped, scrapedPath: scraped ? found : null, notes };
}

async function requireDir(dir: string): Promise<void> {
  try {
    const info = await Deno.stat(dir);
    if (!info.isDirectory) throw new UserError(`Cannot read results folder "${dir}": not a folder`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(`Cannot read results folder "${dir}": not found`);
    }
    throw error;
  }
}

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
