/** @module Tests of the capacity search's parameters. */
import assert from "node:assert/strict";
import { CapacitySearchSpec, searchOptionsOf } from "../../src/capacity/spec.ts";
import { planSearch } from "../../src/capacity/search.ts";

const issues = (v: unknown) => {
  const r = CapacitySearchSpec.safeParse(v);
  assert.ok(!r.success);
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

Deno.test("defaults give a users search that planSearch accepts", () => {
  const spec = CapacitySearchSpec.parse({ max: 64 });
  assert.deepEqual([spec.load, spec.min, spec.trials, spec.probe_s], ["users", 1, 3, 60]);
  const plan = planSearch(searchOptionsOf(spec));
  assert.deepEqual([plan.kind, plan.start, plan.resolution, plan.max_probes], [
    "integer",
    1,
    1,
    40,
  ]);
  const rate = searchOptionsOf(
    CapacitySearchSpec.parse({ load: "request_rate", min: 0.5, max: 20, budget_s: 60 }),
  );
  assert.deepEqual([rate.kind, rate.budget_ms], ["real", 60_000]);
});

Deno.test("a range that cannot bracket is an issue at its field, before anything runs", () => {
  assert.deepEqual(issues({ min: 8, max: 8 }), [
    "max: must be above min (8): the range cannot bracket a capacity",
  ]);
  assert.deepEqual(issues({ max: 16, start: 32 }), [
    "start: must be within min–max (1–16), got 32",
  ]);
  assert.deepEqual(issues({ load: "concurrency", max: 10.5 }), [
    'max: must be a whole number for load "concurrency", got 10.5',
  ]);
  assert.equal(
    CapacitySearchSpec.safeParse({ load: "request_rate", min: 0.5, max: 10.5 }).success,
    true,
  );
  assert.deepEqual(issues({ max: 8, growth: 1 }).length, 1);
});
