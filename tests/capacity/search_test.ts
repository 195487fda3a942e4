/** @module Tests of the capacity search over fake probes with a known capacity and a fake clock. */
import assert from "node:assert/strict";
import { meanInterval } from "../../src/capacity/confidence.ts";
import {
  type ProbeContext,
  type ProbeResult,
  searchCapacity,
  type SearchOptions,
} from "../../src/capacity/search.ts";
import { UserError } from "../../src/util/errors.ts";

/** A probe that meets up to `capacity` (per trial when a function), with a linear margin. */
function threshold(capacity: number | ((trial: number) => number)) {
  const seen: { load: number; ctx: ProbeContext }[] = [];
  const probe = (load: number, ctx: ProbeContext): Promise<ProbeResult> => {
    seen.push({ load, ctx });
    const c = typeof capacity === "number" ? capacity : capacity(ctx.trial);
    return Promise.resolve({ meets: load <= c, margin: (c + 0.5 - load) / (c + 0.5) });
  };
  return { probe, seen, loads: () => seen.map((s) => s.load) };
}

const users = (o: Partial<SearchOptions> = {}): SearchOptions => ({
  kind: "integer",
  min: 1,
  max: 256,
  start: 8,
  ...o,
});

Deno.test("searchCapacity doubles to a bracket, then bisects to the exact whole capacity", async () => {
  const t = threshold(37);
  const r = await searchCapacity(t.probe, users());
  assert.equal(r.status, "found");
  assert.equal(r.stop, "resolved");
  assert.equal(r.capacity, 37);
  assert.deepEqual(r.bracket, { good: 37, bad: 38 });
  assert.deepEqual(t.loads(), [8, 16, 32, 64, 48, 40, 36, 38, 37]);
  assert.deepEqual(r.probes.map((p) => [p.load, p.good, p.phase]), [
    [8, true, "bracket"],
    [16, true, "bracket"],
    [32, true, "bracket"],
    [64, false, "bracket"],
    [48, false, "refine"],
    [40, false, "refine"],
    [36, true, "refine"],
    [38, false, "refine"],
    [37, true, "refine"],
  ]);
  assert.deepEqual(r.probes.map((p) => p.index), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
});

Deno.test("a start above the capacity halves down to a good load first", async () => {
  const t = threshold(5);
  const r = await searchCapacity(t.probe, users({ start: 64 }));
  assert.equal(r.capacity, 5);
  assert.deepEqual(t.loads(), [64, 32, 16, 8, 4, 6, 5]);
});

Deno.test("good at the top of the range is above_range: the capacity is at least max", async () => {
  const t = threshold(1000);
  const r = await searchCapacity(t.probe, users({ max: 100 }));
  assert.deepEqual([r.status, r.stop, r.capacity, r.bracket.bad], [
    "above_range",
    "range",
    100,
    null,
  ]);
  assert.deepEqual(t.loads(), [8, 16, 32, 64, 100]);
  assert.equal(r.interval, null);
});

Deno.test("a server failing even at the lowest load is a result that says so, not a crash", async () => {
  const t = threshold(0);
  const r = await searchCapacity(t.probe, users({ start: 4, trials: 3 }));
  assert.deepEqual([r.status, r.stop, r.capacity], ["fails_at_min", "range", null]);
  assert.deepEqual(t.loads(), [4, 2, 1]);
  assert.deepEqual(r.trials, []);
});

Deno.test("a saturated probe is bad even when its percentiles meet the SLO", async () => {
  const probe = (load: number) => Promise.resolve({ meets: true, saturated: load > 12 });
  const r = await searchCapacity(probe, users());
  assert.equal(r.capacity, 12);
  assert.ok(r.probes.some((p) => p.result.meets && !p.good));
});

Deno.test("a real request rate is found within the relative resolution", async () => {
  const t = threshold(7.3);
  const r = await searchCapacity(t.probe, { kind: "real", min: 0.5, max: 64, start: 1 });
  assert.equal(r.status, "found");
  const { good, bad } = r.bracket;
  assert.ok(good! <= 7.3 && bad! > 7.3, `${good} ${bad}`);
  assert.ok(bad! - good! <= 0.05 * good!);
  assert.equal(r.capacity, good);
});

Deno.test("interpolation on the SLO margin needs fewer probes than bisection here", async () => {
  const bisect = threshold(37);
  const interp = threshold(37);
  const a = await searchCapacity(bisect.probe, users({ max: 512, start: 1 }));
  const b = await searchCapacity(
    interp.probe,
    users({ max: 512, start: 1, method: "interpolate" }),
  );
  assert.equal(a.capacity, 37);
  assert.equal(b.capacity, 37);
  assert.ok(b.probes.length < a.probes.length, `${b.probes.length} vs ${a.probes.length}`);
});

Deno.test("max_probes stops the search with the best good load as a lower bound", async () => {
  const r = await searchCapacity(threshold(37).probe, users({ max_probes: 5 }));
  assert.deepEqual([r.status, r.stop, r.capacity, r.probes.length], [
    "stopped",
    "max_probes",
    32,
    5,
  ]);
  assert.deepEqual(r.bracket, { good: 32, bad: 48 });
});

Deno.test("the time budget: a probe starts only if the longest probe so far still fits", async () => {
  let clock = 0;
  const probe = (load: number) => {
    clock += 100; // each probe takes 100 ms of fake time
    return Promise.resolve({ meets: load <= 37 });
  };
  const r = await searchCapacity(probe, users({ budget_ms: 450, now: () => clock }));
  assert.deepEqual([r.status, r.stop, r.probes.length], ["stopped", "budget", 4]);
  assert.ok(r.elapsed_ms <= 450);
  assert.deepEqual(r.probes.map((p) => [p.started_ms, p.ended_ms]), [[0, 100], [100, 200], [
    200,
    300,
  ], [300, 400]]);
});

Deno.test("an aborted signal stops before the next probe", async () => {
  const stop = new AbortController();
  const probe = (load: number) => {
    if (load === 32) stop.abort();
    return Promise.resolve({ meets: true });
  };
  const r = await searchCapacity(probe, users({ signal: stop.signal }));
  assert.deepEqual([r.status, r.stop, r.capacity], ["stopped", "aborted", 32]);
});

Deno.test("trials repeat the search around the answer and give a 95% interval", async () => {
  const caps = [37, 36, 38, 37];
  const t = threshold((trial) => caps[trial]);
  const r = await searchCapacity(t.probe, users({ trials: 3 }));
  assert.equal(r.capacity, 37);
  assert.deepEqual(r.trials.map((x) => [x.trial, x.status, x.capacity]), [
    [1, "found", 36],
    [2, "found", 38],
    [3, "found", 37],
  ]);
  // Trials start at the answer and step ±1, ±2, ±4…
  const loads = (trial: number) => t.seen.filter((s) => s.ctx.trial === trial).map((s) => s.load);
  assert.deepEqual(loads(1), [37, 36]);
  assert.deepEqual(loads(2), [37, 38, 40, 39]);
  assert.deepEqual(loads(3), [37, 38]);
  // mean 37, s = 0.816, t(3) = 3.182: 37 ± 1.30, widened to whole users.
  assert.deepEqual(r.interval, { ...meanInterval([37, 36, 38, 37])!, low: 35, high: 39 });
  assert.equal(r.interval!.mean, 37);
});

Deno.test("trials share max_probes; one cut short has no capacity", async () => {
  const r = await searchCapacity(threshold(37).probe, users({ trials: 5, max_probes: 14 }));
  assert.equal(r.probes.length, 14);
  assert.equal(r.trials.at(-1)!.status, "stopped");
  assert.equal(r.trials.at(-1)!.capacity, null);
  assert.equal(r.capacity, 37);
});

Deno.test("options that cannot bracket are one line before anything is measured", async () => {
  const bad: [Partial<SearchOptions>, string][] = [
    [
      { min: 8, max: 8 },
      'Cannot search capacity: range "8"–"8" cannot bracket a capacity (min must be below max)',
    ],
    [
      { min: 1, max: 4, start: 8 },
      'Cannot search capacity: start "8" is outside the range "1"–"4"',
    ],
    [{ growth: 1 }, "Cannot search capacity: growth must be above 1"],
    [{ min: 0 }, 'Cannot search capacity: min "0" must be above 0'],
    [
      { start: 2.5 },
      "Cannot search capacity: min, max and start must be whole numbers for users or concurrency",
    ],
  ];
  for (const [o, message] of bad) {
    const t = threshold(37);
    await assert.rejects(searchCapacity(t.probe, users(o)), (e: Error) => {
      assert.ok(e instanceof UserError);
      assert.equal(e.exitCode, 2);
      assert.equal(e.message, message);
      return true;
    });
    assert.deepEqual(t.loads(), []);
  }
});
