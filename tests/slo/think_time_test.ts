/** @module Tests of think-time distributions: shapes, seeding, flags. */
import assert from "node:assert/strict";
import { percentile } from "../../src/stats/distribution.ts";
import {
  meanThinkTimeMs,
  ThinkTime,
  thinkTimeFromFlag,
  ThinkTimeSampler,
} from "../../src/slo/think_time.ts";

function draws(spec: unknown, n: number, seed = 1): number[] {
  const s = new ThinkTimeSampler(ThinkTime.parse(spec), seed);
  return Array.from({ length: n }, (_, i) => s.draw(`session-${i}`, 1 + (i % 5)));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

Deno.test("a bare number is a fixed pause", () => {
  assert.deepEqual(ThinkTime.parse(1500), { distribution: "fixed", ms: 1500 });
  assert.deepEqual(new Set(draws(1500, 50)), new Set([1500]));
});

Deno.test("exponential draws have the given mean and a long tail", () => {
  const xs = draws({ distribution: "exponential", mean_ms: 2000 }, 20_000);
  assert.ok(Math.abs(mean(xs) / 2000 - 1) < 0.03, `mean ${mean(xs)}`);
  const sorted = xs.sort((a, b) => a - b);
  // Median of an exponential: mean × ln 2.
  assert.ok(Math.abs(percentile(sorted, 50) / (2000 * Math.LN2) - 1) < 0.03);
});

Deno.test("lognormal draws have the given median and 90th percentile", () => {
  const spec = { distribution: "lognormal", median_ms: 2000, p90_ms: 8000 };
  const sorted = draws(spec, 20_000).sort((a, b) => a - b);
  assert.ok(Math.abs(percentile(sorted, 50) / 2000 - 1) < 0.04, `median ${percentile(sorted, 50)}`);
  assert.ok(Math.abs(percentile(sorted, 90) / 8000 - 1) < 0.05, `p90 ${percentile(sorted, 90)}`);
  const m = meanThinkTimeMs(ThinkTime.parse(spec));
  assert.ok(Math.abs(mean(sorted) / m - 1) < 0.08, `mean ${mean(sorted)} vs ${m}`);
});

Deno.test("max_ms caps the tail", () => {
  const xs = draws({ distribution: "exponential", mean_ms: 2000, max_ms: 3000 }, 2000);
  assert.equal(Math.max(...xs), 3000);
});

Deno.test("a draw depends on seed, session and turn only, not on the order asked", () => {
  const spec = ThinkTime.parse({ distribution: "exponential", mean_ms: 1000 });
  const a = new ThinkTimeSampler(spec, 7);
  const b = new ThinkTimeSampler(spec, 7);
  const forward = [a.draw("x", 1), a.draw("x", 2), a.draw("y", 1)];
  const backward = [b.draw("y", 1), b.draw("x", 2), b.draw("x", 1)].reverse();
  assert.deepEqual(forward, backward);
  assert.notEqual(a.draw("x", 1), a.draw("x", 2));
  assert.notEqual(new ThinkTimeSampler(spec, 8).draw("x", 1), forward[0]);
});

Deno.test("thinkTimeFromFlag reads each shape and rejects bad values in one line", () => {
  assert.deepEqual(thinkTimeFromFlag("250"), { distribution: "fixed", ms: 250 });
  assert.deepEqual(thinkTimeFromFlag("exp:2000"), { distribution: "exponential", mean_ms: 2000 });
  assert.deepEqual(thinkTimeFromFlag("lognormal:2000,8000,60000"), {
    distribution: "lognormal",
    median_ms: 2000,
    p90_ms: 8000,
    max_ms: 60000,
  });
  const bad: [string, RegExp][] = [
    ["gamma:3", /unknown distribution "gamma"/],
    ["exp:abc", /expected fixed:<ms>/],
    ["lognormal:2000", /"lognormal" takes 2 or 3 numbers/],
    ["lognormal:2000,1000", /p90_ms must be at least median_ms/],
    ["exp:0", /mean_ms must be >0/],
  ];
  for (const [flag, re] of bad) {
    assert.throws(() => thinkTimeFromFlag(flag), (e: Error) => {
      assert.match(e.message, new RegExp(`^Cannot parse --think-time "${flag}": `));
      assert.match(e.message, re);
      return true;
    });
  }
});
