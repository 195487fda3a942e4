/** @module Tests of the sweep's issue-13 options: users levels, the SLO block, think time, config. */
import assert from "node:assert/strict";
import { loadLevels, runLabel, SweepOptions } from "../../src/client/options.ts";
import { sloConfig, sloRunOptions, thinkTimeOf } from "../../src/client/slo_options.ts";

const base = { dataset: "d.jsonl", endpoint: "http://127.0.0.1:1/v1/chat/completions" };

Deno.test("users levels run after concurrency and rates, labelled round1_users8", () => {
  const o = SweepOptions.parse({ ...base, concurrency: 2, users: [4, 8] });
  assert.deepEqual(loadLevels(o), [
    { concurrency: 2, rate: null },
    { concurrency: null, rate: null, users: 4 },
    { concurrency: null, rate: null, users: 8 },
  ]);
  assert.equal(runLabel(1, { concurrency: null, rate: null, users: 8 }), "round1_users8");
  assert.deepEqual(loadLevels(SweepOptions.parse(base)), [{ concurrency: 1, rate: null }]);
});

Deno.test("the sweep takes an slo block and think-time distributions, with field paths on errors", () => {
  const o = SweepOptions.parse({
    ...base,
    slo: { ttft_followup_ms: 500, itl_ms: 50 },
    think_time: { distribution: "lognormal", median_ms: 2000, p90_ms: 8000 },
  });
  assert.equal(o.slo?.percentile, 95);
  const noTarget = SweepOptions.safeParse({ ...base, slo: { percentile: 90 } });
  assert.equal(noTarget.success, false);
  assert.deepEqual(noTarget.error?.issues[0].path, ["slo"]);
  assert.match(noTarget.error!.issues[0].message, /names no target/);
  const badPct = SweepOptions.safeParse({ ...base, slo: { itl_ms: { ms: 50, percentile: 120 } } });
  assert.deepEqual(badPct.error?.issues[0].path, ["slo", "itl_ms", "percentile"]);
});

Deno.test("a plain sweep's config gains nothing; an SLO or users levels are recorded", () => {
  assert.deepEqual(sloConfig(SweepOptions.parse(base)), {});
  const o = SweepOptions.parse({ ...base, users: [4], slo: { itl_ms: 50 }, think_time_ms: 300 });
  assert.deepEqual(sloConfig(o), {
    slo: [{ metric: "itl", ms: 50, percentile: 95 }],
    users: [4],
    think_time: { distribution: "fixed", ms: 300 },
    duration_s: null,
    ramp_s: 0,
  });
  assert.deepEqual(thinkTimeOf(o), { distribution: "fixed", ms: 300 });
});

Deno.test("run options: the SLO's targets, and a think-time seed that each trial varies", () => {
  const o = SweepOptions.parse({
    ...base,
    seed: 5,
    slo: { e2e_ms: 900 },
    think_time: { distribution: "exponential", mean_ms: 1000 },
    duration_s: 30,
    ramp_s: 2,
  });
  const main = sloRunOptions(o);
  const trial = sloRunOptions(o, { trial: 1, durationS: 10, cutAtEnd: true });
  assert.deepEqual(main.slo, [{ metric: "e2e", ms: 900, percentile: 95 }]);
  assert.deepEqual([main.usersMode?.durationMs, main.usersMode?.rampMs], [30_000, 2000]);
  assert.deepEqual([trial.usersMode?.durationMs, trial.usersMode?.cutAtEnd], [10_000, true]);
  assert.equal(main.usersMode!.think.draw("a", 1), sloRunOptions(o).usersMode!.think.draw("a", 1));
  assert.notEqual(main.usersMode!.think.draw("a", 1), trial.usersMode!.think.draw("a", 1));
  assert.equal(sloRunOptions(SweepOptions.parse(base)).slo, undefined);
});
