/** @module Tests of the normal and Student-t quantiles against tabulated values. */
import assert from "node:assert/strict";
import { normalQuantile, tQuantile } from "../../src/stats/quantiles.ts";

const near = (got: number, want: number, tol: number) =>
  assert.ok(Math.abs(got - want) <= tol, `${got} vs ${want}`);

Deno.test("normalQuantile matches the table, both tails and the middle", () => {
  near(normalQuantile(0.975), 1.959964, 1e-6);
  near(normalQuantile(0.5), 0, 1e-12);
  near(normalQuantile(0.995), 2.575829, 1e-6);
  near(normalQuantile(0.01), -2.326348, 1e-6);
  assert.throws(() => normalQuantile(1), RangeError);
});

Deno.test("tQuantile matches Student's t table for few degrees of freedom", () => {
  near(tQuantile(0.975, 2), 4.303, 0.05);
  near(tQuantile(0.975, 4), 2.776, 0.002);
  near(tQuantile(0.975, 8), 2.306, 0.001);
  near(tQuantile(0.95, 4), 2.132, 0.002);
  near(tQuantile(0.975, 1e6), 1.95996, 1e-4);
  assert.throws(() => tQuantile(0.975, 0), RangeError);
});
