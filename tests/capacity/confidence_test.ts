/** @module Tests of the t-interval over repeated capacity estimates. */
import assert from "node:assert/strict";
import { meanInterval } from "../../src/capacity/confidence.ts";

Deno.test("meanInterval is mean ± t(n−1) · s/√n", () => {
  const i = meanInterval([36, 37, 38])!;
  assert.equal(i.mean, 37);
  assert.equal(i.n, 3);
  // s = 1, t(2) = 4.303: half-width 4.303 / √3 = 2.484.
  assert.ok(Math.abs(i.high - 37 - 4.303 / Math.sqrt(3)) < 1e-9);
  assert.ok(Math.abs(37 - i.low - 4.303 / Math.sqrt(3)) < 1e-9);
});

Deno.test("whole loads widen the interval outward; equal estimates give a point", () => {
  assert.deepEqual(meanInterval([36, 37, 38], true), {
    level: 0.95,
    mean: 37,
    low: 34,
    high: 40,
    n: 3,
  });
  const same = meanInterval([20, 20, 20, 20], true)!;
  assert.deepEqual([same.low, same.high], [20, 20]);
});

Deno.test("fewer than two estimates give no interval; many use the normal quantile", () => {
  assert.equal(meanInterval([5]), null);
  const xs = Array.from({ length: 40 }, (_, i) => (i % 2 ? 11 : 9));
  const i = meanInterval(xs)!;
  const s = Math.sqrt((40 * 1) / 39);
  assert.ok(Math.abs(i.high - 10 - (1.96 * s) / Math.sqrt(40)) < 1e-9);
});
