/**
 * @module A capacity search's results folder for the report tests, made deterministically: each
 * probe a simulated run of the mock (`tests/capacity/_mock_model.ts`), judged as the runner does.
 */
import { join } from "node:path";
import { searchCapacity } from "../../src/capacity/search.ts";
import { capacitySummary } from "../../src/capacity/summary.ts";
import { RunJudge } from "../../src/client/run_judge.ts";
import type { RunSummary, SweepSummary } from "../../src/results/summary.ts";
import { parseSlo, type SloSpecInput } from "../../src/slo/spec.ts";
import { summarizeRecords } from "../../src/stats/run_summary.ts";
import { knownMock, simulateUsers } from "../capacity/_mock_model.ts";

const SESSIONS = Array.from({ length: 20 }, (_, i) => ({ id: `s${i}`, turns: 3 }));

/** What to search: the mock's ITL and the SLO (default: capacity 5 users, as the e2e test). */
export interface CapacityFixture {
  itl_ms?: number;
  slo?: SloSpecInput;
  min?: number;
  max?: number;
  trials?: number;
}

/**
 * Writes `summary.json` and `records.jsonl` of a simulated search into `dir`.
 *
 * @returns the summary written
 */
export async function writeCapacityFolder(
  dir: string,
  f: CapacityFixture = {},
): Promise<SweepSummary> {
  const mock = knownMock({
    ttft_ms: 10,
    itl_ms: f.itl_ms ?? 20,
    load_factor: 0.25,
    max_running: 64,
  });
  const targets = parseSlo(f.slo ?? { itl_ms: { ms: 42.5, percentile: 50 } });
  const runs: RunSummary[] = [];
  const lines: string[] = [];
  let clock = Date.UTC(2026, 11, 1);
  const result = await searchCapacity((users, ctx) => {
    const { records } = simulateUsers(mock, users, {
      outputTokens: 6,
      duration_ms: 3000,
      sessions: SESSIONS,
    });
    for (const r of records) {
      Object.assign(r, {
        started_at: clock + r.started_at,
        users,
        trial: ctx.trial,
        concurrency: null,
      });
    }
    const judge = new RunJudge({ targets, load: users, fullAfter: users });
    for (const r of records) judge.add(r);
    const end = Math.max(...records.map((r) => r.started_at + (r.e2e_ms ?? 0)));
    const run = summarizeRecords(records, {
      round: 1,
      concurrency: null,
      started_at: clock,
      ended_at: end,
      complete: true,
    });
    run.users = users;
    if (ctx.trial) run.trial = ctx.trial;
    const a = judge.finish(run);
    runs.push(run);
    lines.push(...records.map((r) => JSON.stringify(r)));
    clock = end + 1000;
    return Promise.resolve({ ...a.probe, run: runs.length - 1 });
  }, {
    kind: "integer",
    min: f.min ?? 1,
    max: f.max ?? 16,
    start: 2,
    trials: f.trials ?? 1,
    now: () => 0,
  });
  const summary: SweepSummary = {
    format: 1,
    complete: true,
    started_at: Date.UTC(2026, 11, 1),
    ended_at: clock,
    turnbench_version: "0.1.0",
    git_commit: null,
    config: {
      endpoint: "http://127.0.0.1:8001/v1/chat/completions",
      model: "mock-model",
      dataset: "sessions.jsonl",
      dataset_digest: "0".repeat(64),
      num_samples: null,
      concurrency: [],
      request_rates: [],
      rounds: 1,
      max_context_tokens: 2048,
      max_output_tokens: 64,
      reset_cache_between_rounds: false,
      seed: null,
      slo: targets,
    },
    runs,
    capacity: capacitySummary(result, {
      load: "users",
      targets,
      min: f.min ?? 1,
      max: f.max ?? 16,
      runOf: (i) => result.probes[i].result.run,
    }),
  };
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "summary.json"), JSON.stringify(summary, null, 2));
  await Deno.writeTextFile(join(dir, "records.jsonl"), lines.join("\n") + "\n");
  return summary;
}
