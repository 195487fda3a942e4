/**
 * @module The capacity search end to end against the real mock (in-process, 127.0.0.1, port 0),
 * configured so its capacity under the SLO is known in advance (`_mock_model.ts`); the assertions
 * are on what was recorded, never on wall time.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.ts";
import { CapacityOptions, type CapacityOptionsInput } from "../../src/capacity/options.ts";
import { runCapacity } from "../../src/capacity/run_capacity.ts";
import type { SweepProgress } from "../../src/client/progress.ts";
import { RequestRecord } from "../../src/results/record.ts";
import { SweepSummary } from "../../src/results/summary.ts";
import { parseSlo } from "../../src/slo/spec.ts";
import { expectedCapacity, factor, knownMock, type Latency } from "./_mock_model.ts";

const quiet: SweepProgress = { runStart() {}, update() {}, runEnd() {}, log() {} };

/** `count` sessions of `turns` short questions each. */
async function sessions(dir: string, count: number, turns: number): Promise<string> {
  const path = join(dir, "sessions.jsonl");
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      session_id: `s${i}`,
      user_messages: Array.from({ length: turns }, (_, t) => `question ${t} of ${i}`),
    }));
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
  return path;
}

/** Runs a search against a mock with `latency` and fixed outputs of `tokens` tokens. */
async function search(latency: Latency, tokens: number, params: Partial<CapacityOptionsInput>) {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-capacity-" });
  const mock = await startMockServer({
    preset: "zero",
    config: {
      seed: 1,
      latency,
      output: { distribution: "fixed", mean: tokens, min: 1, max: tokens },
    },
  });
  try {
    const dataset = params.dataset ?? await sessions(dir, 12, 4);
    const out = join(dir, "out");
    const returned = await runCapacity(
      CapacityOptions.parse({
        endpoint: `${mock.url}/v1/chat/completions`,
        max_output_tokens: 64,
        max_context_tokens: 2048,
        ...params,
        dataset,
      } as CapacityOptionsInput),
      { outDir: out, progress: quiet },
    );
    const summary = SweepSummary.parse(
      JSON.parse(await Deno.readTextFile(join(out, "summary.json"))),
    );
    const records = (await Deno.readTextFile(join(out, "records.jsonl"))).trim().split("\n")
      .map((l) => RequestRecord.parse(JSON.parse(l)));
    assert.deepEqual(summary, SweepSummary.parse(returned));
    return { summary, records };
  } finally {
    await mock.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

// The mock: ttft 10 ms, itl 20 ms, load factor 0.25, 64 slots, 6 output tokens, no jitter, no
// prefill cost. Users with no think time in a closed loop: after the first wave, every request is
// admitted while the other C − 1 run, so f(C) = 1 + 0.25 (C − 1) and every gap is f(C) × 20 ms:
// 40 ms at 5 users, 45 ms at 6. SLO: median ITL ≤ 42.5 ms — 2.5 ms of margin on each side
// (a median of gaps shrugs off a late chunk on a busy machine). Capacity: 5 users.
const MOCK = knownMock({ ttft_ms: 10, itl_ms: 20, load_factor: 0.25, max_running: 64 });
const SLO = { itl_ms: { ms: 42.5, percentile: 50 } };

Deno.test("the search finds the mock's computed capacity and keeps every probe like a sweep's run", async () => {
  assert.deepEqual([factor(MOCK, 5) * 20, factor(MOCK, 6) * 20], [40, 45]);
  const expected = expectedCapacity(MOCK, 6, parseSlo(SLO));
  assert.equal(expected, 5);
  const { summary, records } = await search(MOCK, 6, {
    slo: SLO,
    load: "users",
    min: 1,
    max: 16,
    start: 2,
    trials: 1,
    probe_s: 2,
  });
  const c = summary.capacity!;
  assert.equal(c.status, "found");
  assert.equal(c.capacity, expected);
  assert.deepEqual(c.bracket, { good: 5, bad: 6 });
  assert.deepEqual(c.trials, [{ trial: 1, capacity: 5 }]);
  assert.match(
    c.headline,
    /^capacity: 5 concurrent conversations \(95% CI 5–5\) at p50 ITL ≤ 42\.5 ms$/,
  );
  // Main search 2 → 4 → 8 → 6 → 5; the trial from 5: 5, 6.
  assert.deepEqual(c.probes.map((p) => [p.trial, p.load, p.good]), [
    [0, 2, true],
    [0, 4, true],
    [0, 8, false],
    [0, 6, false],
    [0, 5, true],
    [1, 5, true],
    [1, 6, false],
  ]);
  // One run per probe, in order, each judged on its steady window at the formula's ITL.
  assert.equal(summary.runs.length, c.probes.length);
  for (const p of c.probes) {
    const run = summary.runs[p.run!];
    assert.deepEqual([run.users, run.trial ?? 0], [p.load, p.trial]);
    const itl = run.slo!.steady!.targets[0].value_ms!;
    assert.ok(Math.abs(itl - factor(MOCK, p.load) * 20) < 2, `p50 ITL ${itl} at ${p.load} users`);
    assert.equal(run.saturated, false);
    assert.equal(run.slo!.window!.reached, true);
  }
  // Records: every request of every probe, with its users level, trial and verdict.
  assert.equal(records.length, summary.runs.reduce((n, r) => n + r.requests.total, 0));
  assert.ok(records.every((r) => r.users !== null && r.slo_met !== null && r.ok));
  assert.deepEqual([...new Set(records.map((r) => r.trial))].sort(), [0, 1]);
  assert.ok(records.some((r) => r.replay > 0), "users mode replays the sample to fill the probe");
  assert.equal(summary.config.slo?.[0].metric, "itl");
});

Deno.test("a server that fails the SLO at the lowest load is a result, and the headline says so", async () => {
  const { summary } = await search(MOCK, 6, {
    slo: { itl_ms: { ms: 15, percentile: 50 } },
    load: "users",
    min: 1,
    max: 8,
    probe_s: 1,
  });
  const c = summary.capacity!;
  assert.equal(summary.complete, true);
  assert.deepEqual([c.status, c.capacity, c.probes.length], ["fails_at_min", null, 1]);
  assert.equal(
    c.headline,
    "capacity: none — fails the SLO even at 1 concurrent conversation (p50 ITL ≤ 15 ms)",
  );
});

Deno.test("a plainly over-saturated probe is stopped early and counted as failing", async () => {
  // One slot, ~110 ms per request: about 9 req/s served, 40 req/s sent. The queue, and so TTFT,
  // grows with every arrival; the probe stops long before its 120 requests are done.
  const slow = knownMock({ ttft_ms: 10, itl_ms: 20, load_factor: 0, max_running: 1 });
  const dir = await Deno.makeTempDir({ prefix: "turnbench-capacity-data-" });
  try {
    const { summary, records } = await search(slow, 6, {
      dataset: await sessions(dir, 30, 4),
      slo: { e2e_ms: 60_000 },
      load: "request_rate",
      min: 40,
      max: 80,
      seed: 1,
    });
    const run = summary.runs[0];
    assert.equal(run.stopped_saturated, true);
    assert.equal(run.saturated, true);
    assert.equal(run.complete, false);
    assert.ok(run.requests.total < 120, `${run.requests.total} requests`);
    assert.ok(records.filter((r) => r.ok).length < 120);
    const c = summary.capacity!;
    assert.deepEqual([c.status, c.probes[0].saturated, c.probes[0].good], [
      "fails_at_min",
      true,
      false,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
