/** @module Tests of the seeded paired bootstrap: weighted percentiles, intervals, verdicts. */
import assert from "node:assert/strict";
import { seededRandom } from "../../src/io/random.ts";
import {
  comparePaired,
  type FigureSpec,
  seedOf,
  verdictOf,
  weightedPercentile,
} from "../../src/stats/bootstrap.ts";
import { percentile } from "../../src/stats/distribution.ts";
import type { SampleRequest } from "../../src/stats/paired_samples.ts";

function request(over: Partial<SampleRequest>): SampleRequest {
  return {
    trial: 1,
    session: "s0",
    turn: 0,
    ok: true,
    ttft: 100,
    e2e: 500,
    tpot: 10,
    itl: [10, 12],
    prompt: 100,
    cached: 0,
    output: 20,
    slo: null,
    ...over,
  };
}

/** Sessions × turns of requests; each session has its own base TTFT (a wide spread). */
function sweep(
  opts: { sessions?: number; turns?: number; factor?: number; seed?: number; trials?: number },
): SampleRequest[] {
  const random = seededRandom(opts.seed ?? 1);
  const out: SampleRequest[] = [];
  for (let t = 1; t <= (opts.trials ?? 1); t++) {
    for (let s = 0; s < (opts.sessions ?? 30); s++) {
      const base = 50 + 10 * s; // sessions differ a lot from each other
      for (let turn = 0; turn < (opts.turns ?? 3); turn++) {
        const ttft = (base + random() * 4) * (opts.factor ?? 1);
        out.push(request({ trial: t, session: `s${s}`, turn, ttft, itl: [random() * 10 + 5] }));
      }
    }
  }
  return out;
}

const TTFT_P50: FigureSpec = {
  id: "ttft_p50",
  better: "lower",
  change: "relative",
  stat: { kind: "percentile", q: 50, values: (r) => r.ttft },
};

Deno.test("weightedPercentile equals the interpolating percentile of the resampled multiset", () => {
  const random = seededRandom(7);
  for (let round = 0; round < 200; round++) {
    const n = 1 + Math.floor(random() * 30);
    const units = 1 + Math.floor(random() * 8);
    const values = Array.from({ length: n }, () => Math.round(random() * 100));
    const unitOf = Array.from({ length: n }, () => Math.floor(random() * units));
    const weights = Float64Array.from({ length: units }, () => Math.floor(random() * 4));
    const expanded = values.flatMap((v, i) => Array(weights[unitOf[i]]).fill(v)).sort((a, b) =>
      a - b
    );
    if (expanded.length === 0) continue;
    const order = values.map((v, i) => [v, unitOf[i]]).sort((a, b) => a[0] - b[0]);
    const sorted = Float64Array.from(order, (o) => o[0]);
    const u = Int32Array.from(order, (o) => o[1]);
    for (const q of [0, 1, 25, 50, 73.5, 90, 99, 100]) {
      const got = weightedPercentile(sorted, u, weights, expanded.length, q);
      assert.ok(Math.abs(got - percentile(expanded, q)) < 1e-9, `n=${n} q=${q}`);
    }
  }
});

Deno.test("comparePaired finds a 20% slower side worse, its interval excluding zero", () => {
  const a = sweep({ seed: 1 });
  const b = sweep({ seed: 2, factor: 1.2 });
  const cmp = comparePaired({ requests: a }, { requests: b }, [TTFT_P50], { seed: 3 });
  const [f] = cmp.figures;
  assert.equal(cmp.method, "sessions");
  assert.equal(cmp.paired, true);
  assert.deepEqual(cmp.sessions, { paired: 30, onlyA: 0, onlyB: 0 });
  assert.ok(f.change! > 15 && f.change! < 25, `change ${f.change}`);
  assert.ok(f.low! > 0 && f.low! < f.change! && f.high! > f.change!, `${f.low}…${f.high}`);
  assert.equal(verdictOf(f, "lower"), "worse");
  assert.equal(verdictOf(f, "higher"), "better", "direction-aware");
});

Deno.test("comparePaired of the same data has a zero change and no significant difference", () => {
  const a = sweep({ seed: 1 });
  const cmp = comparePaired({ requests: a }, { requests: a }, [TTFT_P50], { seed: 3 });
  assert.deepEqual([cmp.figures[0].change, cmp.figures[0].low, cmp.figures[0].high], [0, 0, 0]);
  assert.equal(verdictOf(cmp.figures[0], "lower"), "same");
});

Deno.test("pairing sessions detects a small shift that unpaired resampling cannot tell from noise", () => {
  const a = sweep({ seed: 1, sessions: 20 });
  const b = sweep({ seed: 2, sessions: 20, factor: 1.04 });
  const paired = comparePaired({ requests: a }, { requests: b }, [TTFT_P50], { seed: 5 });
  const rename = b.map((r) => ({ ...r, session: `other-${r.session}` }));
  const unpaired = comparePaired({ requests: a }, { requests: rename }, [TTFT_P50], { seed: 5 });
  assert.equal(unpaired.paired, false);
  assert.deepEqual(unpaired.sessions, { paired: 0, onlyA: 20, onlyB: 20 });
  const width = (c: typeof paired) => c.figures[0].high! - c.figures[0].low!;
  assert.ok(width(paired) * 3 < width(unpaired), `${width(paired)} vs ${width(unpaired)}`);
  assert.equal(verdictOf(paired.figures[0], "lower"), "worse");
  assert.equal(verdictOf(unpaired.figures[0], "lower"), "same");
});

Deno.test("comparePaired is deterministic for a seed and changes with it", () => {
  const a = sweep({ seed: 1 });
  const b = sweep({ seed: 2, factor: 1.05 });
  const run = (seed: number) =>
    comparePaired({ requests: a }, { requests: b }, [TTFT_P50], { seed, iterations: 300 })
      .figures[0];
  assert.deepEqual(run(9), run(9));
  assert.notDeepEqual(run(9), run(10));
  assert.notEqual(seedOf("x", 1), seedOf("x", 2));
});

Deno.test("run-level figures get an interval only with two or more trials on both sides", () => {
  const figure: FigureSpec = {
    id: "tps",
    better: "higher",
    change: "relative",
    stat: { kind: "trial" },
  };
  const values = (xs: number[]) => ({ tps: new Map(xs.map((x, i) => [i + 1, x])) });
  const one = comparePaired(
    { requests: sweep({}), trialValues: values([100]) },
    { requests: sweep({}), trialValues: values([80]) },
    [figure],
  );
  assert.equal(one.method, "sessions");
  assert.equal(one.figures[0].change, -20);
  assert.equal(one.figures[0].low, null);
  assert.match(one.figures[0].note!, /repeat ≥ 3/);
  const three = comparePaired(
    { requests: sweep({ trials: 3 }), trialValues: values([100, 102, 98]) },
    { requests: sweep({ trials: 3 }), trialValues: values([80, 81, 79]) },
    [figure, TTFT_P50],
  );
  assert.equal(three.method, "trials");
  assert.deepEqual(three.trials, { a: 3, b: 3 });
  const [tps, ttft] = three.figures;
  assert.ok(tps.high! < 0 && tps.method === "trials");
  assert.equal(verdictOf(tps, "higher"), "worse");
  assert.equal(ttft.method, "trials");
});

Deno.test("ratio figures resample sums: cache hit points between two sides", () => {
  const hit: FigureSpec = {
    id: "cache",
    better: "higher",
    change: "points",
    stat: { kind: "ratio", num: (r) => r.cached, den: (r) => r.prompt, scale: 100 },
  };
  const a = sweep({}).map((r) => ({ ...r, cached: r.turn > 0 ? 50 : 0 }));
  const b = sweep({}).map((r) => ({ ...r, cached: r.turn > 0 ? 90 : 0 }));
  const [f] = comparePaired({ requests: a }, { requests: b }, [hit]).figures;
  assert.ok(Math.abs(f.a! - 100 / 3) < 1e-9 && Math.abs(f.b! - 60) < 1e-9);
  assert.ok(Math.abs(f.change! - (60 - 100 / 3)) < 1e-9);
  assert.equal(verdictOf(f, "higher"), "better");
});

Deno.test("verdictOf calls a change only when the whole interval lies past the margin", () => {
  assert.equal(verdictOf({ low: -1, high: 3 }, "lower"), "same");
  assert.equal(verdictOf({ low: 1, high: 3 }, "lower"), "worse");
  assert.equal(verdictOf({ low: -3, high: -1 }, "lower"), "better");
  assert.equal(verdictOf({ low: -3, high: -1 }, "higher"), "worse");
  assert.equal(verdictOf({ low: 8, high: 30 }, "lower", 10), "same");
  assert.equal(verdictOf({ low: 11, high: 30 }, "lower", 10), "worse");
  assert.equal(verdictOf({ low: null, high: null }, "lower"), "unknown");
});

Deno.test("a percentile gets no interval with fewer than five values beyond it on a side", () => {
  const p = (q: number): FigureSpec => ({
    id: `p${q}`,
    better: "lower",
    change: "relative",
    stat: { kind: "percentile", q, values: (r) => r.ttft },
  });
  const a = sweep({ seed: 1 }); // 90 values: p90 has 9 beyond it, p99 not one
  const b = sweep({ seed: 2, factor: 1.3 });
  const [p90, p99] = comparePaired({ requests: a }, { requests: b }, [p(90), p(99)]).figures;
  assert.ok(p90.low !== null && p90.method === "sessions");
  assert.equal(p99.low, null);
  assert.ok(p99.change! > 0, "the point change is still given");
  assert.equal(p99.note, "too few samples for a p99 interval: 90 (needs 500, 5 beyond it)");
  assert.equal(verdictOf(p99, "lower"), "unknown");
});

Deno.test("run-level figures need three trials a side; two give request figures an interval only", () => {
  const figure: FigureSpec = {
    id: "tps",
    better: "higher",
    change: "relative",
    stat: { kind: "trial" },
  };
  const values = (xs: number[]) => ({ tps: new Map(xs.map((x, i) => [i + 1, x])) });
  const two = comparePaired(
    { requests: sweep({ trials: 2 }), trialValues: values([100, 101]) },
    { requests: sweep({ trials: 2, factor: 1.2 }), trialValues: values([80, 81]) },
    [figure, TTFT_P50],
  );
  assert.equal(two.method, "trials");
  assert.equal(two.figures[0].low, null);
  assert.match(two.figures[0].note!, /needs repeat ≥ 3/);
  assert.equal(verdictOf(two.figures[1], "lower"), "worse");
});
