/** @module Tests of the per-request samples kept for paired comparisons. */
import assert from "node:assert/strict";
import { groupKey, PairedSamples } from "../../src/stats/paired_samples.ts";
import { failed, record } from "../slo/_records.ts";

Deno.test("PairedSamples groups requests by round and load, every trial together", () => {
  const paired = new PairedSamples();
  paired.add(record({ round: 1, concurrency: 2, trial: 1, session_id: "a" }));
  paired.add(record({ round: 1, concurrency: 2, trial: 0, session_id: "b" }));
  paired.add(record({ round: 2, concurrency: 2, session_id: "a" }));
  paired.add(record({ round: 1, concurrency: null, request_rate: 2.5 }));
  paired.add(record({ round: 1, concurrency: null, users: 8 }));
  assert.deepEqual([...paired.groups.keys()], ["1|c2", "2|c2", "1|r2.5", "1|u8"]);
  const g = paired.groups.get("1|c2")!;
  assert.deepEqual(g.trials, [0, 1]);
  assert.deepEqual(g.requests.map((r) => [r.trial, r.session]), [[1, "a"], [0, "b"]]);
  assert.equal(groupKey(g.id), "1|c2");
  assert.equal(groupKey(paired.groups.get("1|u8")!.id), "1|u8");
  assert.equal(paired.count, 5);
});

Deno.test("PairedSamples keeps no latency of a failed request and reads slo_met.all when present", () => {
  const paired = new PairedSamples();
  paired.add(failed({ ttft_ms: 5 }));
  paired.add(record({ slo_met: { ttft: true, itl: null, tpot: null, e2e: null, all: false } }));
  const [bad, slo] = paired.groups.get("1|c2")!.requests;
  assert.deepEqual([bad.ok, bad.ttft, bad.e2e, bad.itl, bad.slo], [false, null, null, [], null]);
  assert.equal(slo.slo, false);
});
