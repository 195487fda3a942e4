/**
 * @module Writes synthetic sweep results folders with trials (records.jsonl + summary.json, the
 * run summaries made by src/stats/ from the records), for the gate tests: every session has its
 * own base TTFT, each trial a factor of its own (a slower trial: drift between runs).
 */
import { join } from "node:path";
import { seededRandom } from "../../src/io/random.ts";
import type { RequestRecord } from "../../src/results/record.ts";
import type { SweepSummary } from "../../src/results/summary.ts";
import { summarizeRecords } from "../../src/stats/run_summary.ts";
import { record } from "../slo/_records.ts";

/** How a synthetic sweep is made. */
export interface TrialSweep {
  /** One TTFT factor per trial (its length is the number of trials). */
  trials: number[];
  sessions?: number;
  turns?: number;
  seed?: number;
  /** Relative noise of each request's TTFT. */
  noise?: number;
}

/** Writes the sweep into `dir` (created); returns `dir`. */
export async function writeTrialSweep(dir: string, o: TrialSweep): Promise<string> {
  const random = seededRandom(o.seed ?? 1);
  const records: RequestRecord[] = [];
  const runs: SweepSummary["runs"] = [];
  let clock = 1_700_000_000_000;
  o.trials.forEach((factor, t) => {
    const mine: RequestRecord[] = [];
    for (let s = 0; s < (o.sessions ?? 60); s++) {
      for (let turn = 0; turn < (o.turns ?? 3); turn++) {
        const ttft = (60 + 5 * s) * factor * (1 + (o.noise ?? 0.05) * (random() - 0.5));
        mine.push(record({
          trial: t,
          concurrency: 4,
          session_id: `s${s}`,
          turn_index: turn,
          started_at: clock,
          ttft_ms: ttft,
          e2e_ms: ttft + 200,
          tpot_ms: 10,
          itl_ms: [10, 10],
        }));
        clock += 10;
      }
    }
    records.push(...mine);
    const window = {
      round: 1,
      concurrency: 4,
      started_at: mine[0].started_at,
      ended_at: clock,
      complete: true,
    };
    runs.push({ ...summarizeRecords(mine, window), ...(t ? { trial: t } : {}) });
  });
  const summary: SweepSummary = {
    format: 1,
    complete: true,
    started_at: records[0].started_at,
    ended_at: clock,
    turnbench_version: "test",
    git_commit: null,
    config: {
      endpoint: "http://127.0.0.1:1/v1/chat/completions",
      model: "m",
      dataset: "sessions.jsonl",
      dataset_digest: "0".repeat(64),
      num_samples: null,
      concurrency: [4],
      request_rates: [],
      rounds: 1,
      max_context_tokens: 4096,
      max_output_tokens: 64,
      reset_cache_between_rounds: false,
      seed: 1,
      repeat: o.trials.length,
    },
    runs,
  };
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    join(dir, "records.jsonl"),
    records.map((r) => JSON.stringify(r)).join("\n") + "\n",
  );
  await Deno.writeTextFile(join(dir, "summary.json"), JSON.stringify(summary, null, 2));
  return dir;
}
