/** @module Tests of the growth trend and the incremental over-saturation detector. */
import assert from "node:assert/strict";
import { seededRandom, shuffleInPlace } from "../../src/io/random.ts";
import { isGrowing, type Point, SaturationMonitor, trend } from "../../src/capacity/saturation.ts";

const rand = seededRandom(3);
const noisy = (n: number, f: (i: number) => number, noise: number): Point[] =>
  Array.from(
    { length: n },
    (_, i) => ({ t: 1_000_000 + i * 50, v: f(i) + (rand() * 2 - 1) * noise }),
  );

Deno.test("trend measures the slope, its t statistic and the thirds' medians", () => {
  const t = trend([{ t: 0, v: 10 }, { t: 1000, v: 20 }, { t: 2000, v: 30 }])!;
  assert.equal(t.slope_per_s, 10);
  assert.equal(t.t_stat, Infinity);
  assert.deepEqual([t.first_median, t.last_median, t.growth], [10, 30, 2]);
  assert.equal(trend([{ t: 0, v: 1 }, { t: 1, v: 1 }]), null);
  assert.equal(trend([{ t: 0, v: 5 }, { t: 1, v: 5 }, { t: 2, v: 5 }])!.t_stat, 0);
});

Deno.test("a queue-like rise is growing; noise, a stall, and a small drift are not", () => {
  assert.equal(isGrowing(trend(noisy(60, (i) => 100 + 8 * i, 30))), true);
  assert.equal(isGrowing(trend(noisy(60, () => 100, 30))), false);
  const stall = noisy(60, () => 100, 10);
  stall[59].v = 10_000;
  assert.equal(isGrowing(trend(stall)), false);
  const drift = trend(noisy(200, (i) => 100 + 0.1 * i, 2))!;
  assert.ok(drift.t_stat > 3, `t ${drift.t_stat}`); // significant…
  assert.equal(isGrowing(drift), false); // …but only +20%: not a queue
  assert.equal(isGrowing(trend(noisy(10, (i) => 100 * i, 0))), false); // too few samples
});

Deno.test("the monitor says 'plainly saturated' early, fed in finish order", () => {
  const points = shuffleInPlace(noisy(200, (i) => 50 + 20 * i, 20), seededRandom(9));
  const m = new SaturationMonitor();
  let at = -1;
  points.forEach((p, i) => {
    if (m.add(p.t, p.v) && at < 0) at = i;
  });
  assert.ok(at >= 29 && at < 60, `plain after ${at + 1} points`);
  assert.equal(m.plain, true);
  const flat = new SaturationMonitor();
  for (const p of noisy(200, () => 300, 100)) assert.equal(flat.add(p.t, p.v), false);
});

Deno.test("the monitor ignores the warm-up before startAt, and requests without a TTFT", () => {
  // Fast while the load ramps up, then flat: growing only if the ramp is kept.
  const points = noisy(120, (i) => (i < 40 ? 20 + 5 * i : 220), 5);
  const kept = new SaturationMonitor(undefined, 1);
  for (const p of points.slice(0, 80)) kept.add(p.t, p.v);
  assert.equal(kept.plain, true);
  const m = new SaturationMonitor(undefined, 1);
  m.startAt(points[40].t);
  for (const p of points) assert.equal(m.add(p.t, p.v), false);
  assert.equal(m.add(points[100].t, null), false);
  assert.equal(m.trend()!.samples, 80);
});
