/** @module Tests of a run's issue-12 summary fields and the warnings and failure they lead to. */
import assert from "node:assert/strict";
import { notCold } from "../../src/client/cold_check.ts";
import { RunTruth } from "../../src/client/run_truth.ts";
import { truthWarnings } from "../../src/cache/warnings.ts";
import type { RunSummary, SweepSummary } from "../../src/results/summary.ts";
import { PROFILES } from "../../src/servers/profiles.ts";
import { RunAccumulator } from "../../src/stats/run_summary.ts";
import { rec } from "../stats/_record.ts";

const window = { round: 2, concurrency: 4, started_at: 0, ended_at: 1000, complete: true };

function runOf(records: ReturnType<typeof rec>[], metrics: RunSummary["metrics"] = {}) {
  const acc = new RunAccumulator();
  for (const r of records) acc.add(r);
  return { ...acc.summary(window), metrics };
}

Deno.test("RunTruth puts expected, reported and scraped side by side with the profile's formula", () => {
  const records = [
    rec({ turn_index: 0, cached_tokens: 0, expected_cached_tokens: 0 }),
    rec({ turn_index: 1, cached_tokens: 90, expected_cached_tokens: 90, output_tokens: 5 }),
  ];
  const run = runOf(records, {
    "llamacpp:prompt_tokens_total": { before: 0, after: 110, delta: 110 },
    "llamacpp:prompt_tokens_cached_total": { before: 0, after: 90, delta: 90 },
  });
  const truth = new RunTruth();
  for (const r of records) truth.add(r);
  truth.apply(run, { profile: PROFILES.llamacpp, blockSize: 1 }, null);
  assert.deepEqual(run.cache_truth, {
    block_size: 1,
    expected: 90,
    reported: 90,
    scraped: 90,
    scraped_hit_rate: 90 / 200,
    efficiency: 1,
    verdict: "agree",
    generated_allowance: 15,
    reset: null,
  });
  assert.equal(run.token_check!.ratio, 1);
  assert.equal(run.per_turn!.follow_ups.cached_share, 0.9);
});

Deno.test("truthWarnings name disagreeing counts and a reset that did not clear, and require_cold fails", () => {
  const records = [
    rec({ turn_index: 0, client_prompt_tokens: 100, prompt_tokens: 180, cached_tokens: 170 }),
  ];
  const run = runOf(records);
  const truth = new RunTruth();
  for (const r of records) truth.add(r);
  truth.apply(run, { profile: PROFILES.llamacpp, blockSize: 1 }, {
    label: "POST http://h/slots/0?action=erase",
    verdict: {
      cleared: false,
      judged: 1,
      overHits: 1,
      excessTokens: 170,
      reportedShare: 0.94,
      allowedShare: 0,
    },
  });
  const warnings = truthWarnings(
    [{ label: "round2_conc4", run }],
    "gpt",
    PROFILES.llamacpp.reset!.note!,
  );
  assert.deepEqual(warnings, [
    'Prompt tokens disagree: the server counted 1.80× what tokenizer "gpt" counted (1 run(s), more than 2% off): truncation to max_context_tokens is not exact; use tokenizer: server or hf:<path>',
    `The cache reset did not clear the cache: after "POST http://h/slots/0?action=erase", first turns of round2_conc4 had 94% of their prompt tokens cached, where other sessions' prompts explain 0% (${
      PROFILES.llamacpp.reset!.note
    })`,
  ]);
  const summary = { config: { require_cold: true }, runs: [run] } as unknown as SweepSummary;
  assert.equal(
    notCold(summary),
    'Cannot call the sweep cold: reset "POST http://h/slots/0?action=erase" did not clear the cache before round2_conc4 (94% cached); first turns may hit only what other sessions sent (require_cold is set)',
  );
  assert.equal(
    notCold({ ...summary, config: { require_cold: false } } as unknown as SweepSummary),
    null,
  );
});
