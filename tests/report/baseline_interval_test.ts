/**
 * @module The nightly gate on significance: with trials or paired sessions a metric regresses only
 * when the confidence interval of its change lies past the threshold; without, the single-value
 * rule holds, and the gate's line says which.
 */
import assert from "node:assert/strict";
import { baselineGate } from "../../src/report/baseline_gate.ts";
import { buildModel } from "../../src/report/model/model.ts";
import { writeReport } from "../../src/report/write.ts";
import { UserError } from "../../src/util/errors.ts";
import { withTempDir } from "./helpers.ts";
import { writeTrialSweep } from "./_trial_sweeps.ts";

const ttft = (m: Awaited<ReturnType<typeof buildModel>>, field = "ttft_ms_p50") =>
  m.baseline!.comparisons.find((c) => c.field === field)!;

Deno.test("with trials, a mean change past the threshold whose interval is not is no regression", async () => {
  await withTempDir(async (dir) => {
    const base = await writeTrialSweep(`${dir}/base`, { trials: [1, 1.02, 0.98] });
    // One slow trial of three: the mean is ~12% up, but the trials do not agree.
    const noisy = await writeTrialSweep(`${dir}/noisy`, { trials: [1.0, 1.3, 1.06], seed: 2 });
    const m = await buildModel({ results: noisy, baseline: base });
    const c = ttft(m);
    assert.ok(c.change! > 10, `the pooled change ${c.change}% is past the threshold`);
    assert.equal(c.rule, "interval");
    assert.equal(c.method, "trials");
    assert.ok(c.low! < 10 && c.high! > 10, `[${c.low}, ${c.high}] straddles 10%`);
    assert.equal(c.regression, false);
    assert.equal(c.worse, true);
    // Every trial slower by 30%: the whole interval is past 10%.
    const slow = await writeTrialSweep(`${dir}/slow`, { trials: [1.3, 1.31, 1.29], seed: 3 });
    const s = ttft(await buildModel({ results: slow, baseline: base }));
    assert.ok(s.low! > 10 && s.regression, `[${s.low}, ${s.high}]`);
    const tps = (await buildModel({ results: slow, baseline: base })).baseline!.comparisons
      .find((x) => x.field === "requests_per_s")!;
    assert.equal(tps.rule, "interval", "3 trials a side: run-level figures get an interval too");
  });
});

Deno.test("the gate fails only on intervals past the threshold, and its line says how it judged", async () => {
  await withTempDir(async (dir) => {
    const base = await writeTrialSweep(`${dir}/base`, { trials: [1, 1.02, 0.98] });
    const noisy = await writeTrialSweep(`${dir}/noisy`, { trials: [1.0, 1.3, 1.06], seed: 2 });
    const slow = await writeTrialSweep(`${dir}/slow`, { trials: [1.3, 1.31, 1.29], seed: 3 });
    const lines: string[] = [];
    const log = (l: string) => void lines.push(l);
    const ok = await writeReport({ results: noisy, baseline: base }, `${dir}/r1`);
    baselineGate(ok, { failOnRegression: true, see: "report.md", log });
    assert.match(
      lines[0],
      /^baseline: 0 regression\(s\) past 10% against ".*base": each change's 95% interval must lie past the threshold \(over trials\)$/,
    );
    const bad = await writeReport({ results: slow, baseline: base }, `${dir}/r2`);
    assert.throws(
      () => baselineGate(bad, { failOnRegression: true, see: "report.md", log }),
      (e: Error) =>
        e instanceof UserError && e.exitCode === 3 && /^Found \d+ regression/.test(e.message),
    );
  });
});

Deno.test("one trial a side with the same sessions: intervals over paired sessions", async () => {
  await withTempDir(async (dir) => {
    const base = await writeTrialSweep(`${dir}/base`, { trials: [1] });
    const cur = await writeTrialSweep(`${dir}/cur`, { trials: [1.3], seed: 2 });
    const m = await buildModel({ results: cur, baseline: base });
    const c = ttft(m);
    assert.equal(c.method, "sessions");
    assert.ok(c.low! > 10 && c.regression);
    const tps = m.baseline!.comparisons.find((x) => x.field === "requests_per_s")!;
    assert.equal(tps.rule, "threshold", "throughput has no interval with one trial");
    assert.match(tps.note!, /needs repeat ≥ 3/);
  });
});

Deno.test("without trials or paired sessions the single-value rule holds and the gate says so", async () => {
  await withTempDir(async (dir) => {
    const base = await writeTrialSweep(`${dir}/base`, { trials: [1] });
    await writeReport({ results: base }, `${dir}/base-report`); // rows only: no sessions to pair
    const cur = await writeTrialSweep(`${dir}/cur`, { trials: [1.12], seed: 2 });
    const written = await writeReport({ results: cur, baseline: `${dir}/base-report` }, `${dir}/r`);
    const c = ttft(written.model);
    assert.equal(c.rule, "threshold");
    assert.equal(c.low, null);
    assert.ok(c.change! > 10 && c.regression, "past the threshold: a regression, as before");
    const lines: string[] = [];
    baselineGate(written, { see: "report.md", log: (l) => void lines.push(l) });
    assert.match(
      lines[0],
      /single values compared \(no trials or paired sessions\): a change past the threshold counts/,
    );
  });
});
