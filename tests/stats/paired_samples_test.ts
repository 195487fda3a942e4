/** @module Tests of the per-request samples kept for paired comparisons. */
import assert from "node:assert/strict";
import { groupKey, PairedSamples } from "../../src/stats/paired_samples.ts";
import { failed, record } from "../slo/_records.ts";

Deno.test("PairedSamples groups requests by round and load, every trial together", () => {
  const paired = new PairedSamples();
  paired.add(record({ round: 1, concurrency: 2, trial: 2, session_id: "a" }));
  paired.add(record({ round: 1, concurrency: 2, trial: 1, session_id: "b" }));
  paired.add(record({ round: 2, concurrency: 2, session_id: "a" }));
  paired.add(record({ round: 1, concurrency: null, request_rate: 2.5 }));
  assert.deepEqual([...paired.groups.keys()], ["1|c2", "2|c2", "1|r2.5"]);
  const g = paired.groups.get("1|c2")!;
  assert.deepEqual(g.trials, [1, 2]);
  assert.deepEqual(g.requests.map((r) => [r.trial, r.session]), [[2, "a"], [1, "b"]]);
  assert.equal(groupKey(g.id), "1|c2");
  assert.equal(paired.count, 4);
});

Deno.test("PairedSamples keeps no latency of a failed request and reads slo_met.all when present", () => {
  const paired = new PairedSamples();
  paired.add(failed({ ttft_ms: 5 }));
  paired.add({ ...record({}), slo_met: { ttft: true, all: false } } as never);
  const [bad, slo] = paired.groups.get("1|c2")!.requests;
  assert.deepEqual([bad.ok, bad.ttft, bad.e2e, bad.itl, bad.slo], [false, null, null, [], null]);
  assert.equal(slo.slo, false);
});
