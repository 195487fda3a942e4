/** @module Tests of the capacity stage's parameters: sweep fields, search fields, a required SLO. */
import assert from "node:assert/strict";
import { CapacityOptions, probeSweepOptions, searchSpecOf } from "../../src/capacity/options.ts";

const base = {
  dataset: "d.jsonl",
  endpoint: "http://127.0.0.1:1/v1/chat/completions",
  slo: { itl_ms: 50 },
  max: 32,
};

const issues = (v: unknown) => {
  const r = CapacityOptions.safeParse(v);
  assert.ok(!r.success);
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

Deno.test("capacity parameters take the sweep's fields, the search's and an SLO", () => {
  const o = CapacityOptions.parse({ ...base, num_samples: 8, probe_s: 20, trials: 2 });
  assert.deepEqual(searchSpecOf(o).max, 32);
  assert.equal(searchSpecOf(o).load, "users");
  const sweep = probeSweepOptions(o);
  assert.deepEqual([sweep.rounds, sweep.duration_s, sweep.num_samples], [1, 20, 8]);
  assert.deepEqual(sweep.users, []);
});

Deno.test("an SLO is required, and one with no target names its field", () => {
  const { slo: _slo, ...noSlo } = base;
  assert.match(issues(noSlo)[0], /^slo: /);
  assert.deepEqual(issues({ ...base, slo: { percentile: 99 } }), [
    "slo: names no target: give at least one of ttft_ms, ttft_first_ms, ttft_followup_ms, itl_ms, tpot_ms, e2e_ms",
  ]);
  assert.match(
    issues({ ...base, slo: { e2e_ms: { ms: 900, percentile: 0 } } })[0],
    /^slo\.e2e_ms\.percentile: must be in \(0, 100\], got 0/,
  );
});

Deno.test("a range that cannot bracket and the sweep's own checks are issues at their fields", () => {
  assert.deepEqual(issues({ ...base, min: 8, max: 8 }), [
    "max: must be above min (8): the range cannot bracket a capacity",
  ]);
  assert.deepEqual(issues({ ...base, max_context_tokens: 100 }), [
    "max_context_tokens: must exceed max_output_tokens (512) by at least 16",
  ]);
});

Deno.test("load levels and rounds are the search's to set", () => {
  for (const key of ["concurrency", "users", "rounds", "duration_s"]) {
    assert.match(issues({ ...base, [key]: 2 })[0], /Unrecognized key/i, key);
  }
});
