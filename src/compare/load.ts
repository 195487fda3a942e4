/**
 * @module Loads one sweep for a comparison: the report's own loader (summary.json, one pass over
 * records.jsonl) with per-session samples kept, the run views it builds, and each run's
 * run-level figures by trial (throughput from the run summaries; goodput when the sweep has it).
 */
import { join } from "node:path";
import { z } from "zod";
import { readJsonFile } from "../io/json_file.ts";
import { RECORDS_FILE, SUMMARY_FILE } from "../results/layout.ts";
import type { SweepSummary } from "../results/summary.ts";
import { groupKey, type PairedSamples } from "../stats/paired_samples.ts";
import { UserError } from "../util/errors.ts";
import { loadSweep } from "../report/load/sweep.ts";
import { joinRuns, type RunView } from "../report/model/runs.ts";

/** Run-level values of one run group: figure id → trial → value. */
export type GroupTrialValues = Record<string, Map<number, number | null>>;

/** One sweep of a comparison, loaded. */
export interface ComparedSweep {
  label: string;
  dir: string;
  summary: SweepSummary;
  /** One per run (round × load × trial), as the report shows them. */
  views: RunView[];
  paired: PairedSamples;
  /** By run group key (`round|load`, stats' `groupKey`). */
  trialValues: Map<string, GroupTrialValues>;
  /** What the reader should know (rebuilt runs, a cut-off last line, …). */
  notes: string[];
}

/**
 * Goodput, when the sweep recorded it (the SLO work adds it to the run summaries): read from the
 * raw file, so this works whether or not the summary schema knows the field yet.
 */
const RawRuns = z.object({
  runs: z.array(
    z.object({
      round: z.number(),
      concurrency: z.number().nullable(),
      request_rate: z.number().nullable().default(null),
      users: z.number().nullish(),
      trial: z.number().optional(),
      goodput: z.object({ requests_per_s: z.number() }).loose().nullish(),
      slo: z.object({ goodput: z.object({ requests_per_s: z.number() }).loose() }).loose()
        .nullish(),
    }).loose(),
  ),
}).loose();

/**
 * Loads a sweep's results folder for a comparison.
 *
 * @throws {UserError} when the folder, its summary.json or its records.jsonl is missing or invalid
 * @example
 * ```ts
 * const a = await loadCompared("results/ab/sweep[cache=on]", "cache=on");
 * ```
 */
export async function loadCompared(dir: string, label: string): Promise<ComparedSweep> {
  const sweep = await loadSweep(dir, undefined, { paired: true });
  if (!sweep.paired) {
    throw new UserError(
      `Cannot compare "${dir}": no ${RECORDS_FILE} in it (a comparison pairs requests)`,
    );
  }
  const { views, notes } = joinRuns(sweep);
  const raw = await readJsonFile(join(dir, SUMMARY_FILE), RawRuns, "sweep summary");
  const goodput = new Map<string, number>();
  for (const r of raw.runs) {
    const rps = r.goodput?.requests_per_s ?? r.slo?.goodput.requests_per_s;
    if (rps !== undefined) goodput.set(`${groupKey(r)}|${r.trial ?? 0}`, rps);
  }
  const trialValues = new Map<string, GroupTrialValues>();
  for (const v of views) {
    const key = groupKey(v);
    let g = trialValues.get(key);
    if (!g) {
      g = { output_tokens_per_s: new Map(), requests_per_s: new Map(), goodput_rps: new Map() };
      trialValues.set(key, g);
    }
    const trial = v.trial ?? 0;
    g.output_tokens_per_s.set(trial, v.summary.throughput.output_tokens_per_s);
    g.requests_per_s.set(trial, v.summary.throughput.requests_per_s);
    g.goodput_rps.set(trial, goodput.get(`${key}|${trial}`) ?? null);
  }
  return {
    label,
    dir,
    summary: sweep.summary,
    views,
    paired: sweep.paired,
    trialValues,
    notes: [...sweep.notes, ...notes].map((n) => `${label}: ${n}`),
  };
}
