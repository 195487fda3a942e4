/** @module Loads a sweep's results folder: summary.json, records.jsonl (streamed), scraped.json. */
import { join } from "node:path";
import { RECORDS_FILE, SCRAPED_FILE } from "../../results/layout.ts";
import { readScraped, type ScrapedMetrics } from "../../results/scraped.ts";
import { readSweepSummary, type RunSummary, type SweepSummary } from "../../results/summary.ts";
import { PairedSamples } from "../../stats/paired_samples.ts";
import { UserError } from "../../util/errors.ts";
import { runKey } from "./run_key.ts";
import { type RecordScan, scanRecords } from "./scan.ts";

/** A results folder, read. */
export interface LoadedSweep {
  dir: string;
  summary: SweepSummary;
  /** Null when the folder has no records.jsonl. */
  scan: RecordScan | null;
  scraped: ScrapedMetrics | null;
  /** The scraped file read, if any. */
  scrapedPath: string | null;
  /** Things the reader should know (missing records, a cut-off last line, …). */
  notes: string[];
  /** Per-session request samples, when asked for (`paired`) and there are records; else null. */
  paired: PairedSamples | null;
}

/** Options of {@link loadSweep}. */
export interface LoadSweepOptions {
  /** Also keep per-session request samples for paired comparisons (costs memory per request). */
  paired?: boolean;
}

/**
 * Reads a sweep's results folder, streaming records.jsonl once. Runs the summary lacks, or whose
 * latency distributions it lacks, are summarized from their records (through `src/stats/`). The
 * scraped metrics come from `scrapedPath`, else from a `scraped.json` in the folder when there is
 * one.
 *
 * @throws {UserError} when the folder or its summary.json is missing or invalid
 * @example
 * ```ts
 * const sweep = await loadSweep("runs/2026-11-24");
 * console.log(sweep.summary.runs.length, "runs", sweep.scan?.records, "records");
 * ```
 */
export async function loadSweep(
  dir: string,
  scrapedPath?: string,
  opts: LoadSweepOptions = {},
): Promise<LoadedSweep> {
  await requireDir(dir);
  const summary = await readSweepSummary(dir);
  const notes: string[] = [];
  const inSummary = new Map(summary.runs.map((r) => [runKey(r), r]));
  const recordsPath = join(dir, RECORDS_FILE);
  let scan: RecordScan | null = null;
  let paired: PairedSamples | null = null;
  if (await exists(recordsPath)) {
    paired = opts.paired ? new PairedSamples() : null;
    scan = await scanRecords(recordsPath, {
      paired: paired ?? undefined,
      summarize: (key) => lacksSomething(inSummary.get(key)),
      onCutLastLine: (line) =>
        notes.push(`${RECORDS_FILE}:${line}: last line is cut off (interrupted write); skipped`),
    });
  } else {
    notes.push(`No ${RECORDS_FILE} in the results folder: charts that need records are left out`);
  }
  const found = scrapedPath ?? join(dir, SCRAPED_FILE);
  const scraped = scrapedPath || await exists(found) ? await readScraped(found) : null;
  return { dir, summary, scan, scraped, scrapedPath: scraped ? found : null, notes, paired };
}

/** Whether a run is missing from summary.json, or lacks a distribution its records can give. */
function lacksSomething(run: RunSummary | undefined): boolean {
  return !run || !run.ttft_ms || !run.itl_ms || !run.tpot_ms || !run.e2e_ms;
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

/**
 * Whether a path exists.
 *
 * @example
 * ```ts
 * if (await exists("runs/x/records.jsonl")) console.log("has records");
 * ```
 */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
