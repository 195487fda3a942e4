/** @module Tests of a run's SLO summary: attainment, goodput, session goodput, percentile checks. */
import assert from "node:assert/strict";
import { percentileWithFailures, SloAccumulator, SloSummary } from "../../src/slo/attainment.ts";
import { parseSlo } from "../../src/slo/spec.ts";
import { failed, record } from "./_records.ts";

Deno.test("attainment and goodput count the requests that met every target", () => {
  const acc = new SloAccumulator(parseSlo({ ttft_ms: 200 }));
  acc.add(record({ session_id: "a", ttft_ms: 100, output_tokens: 10 }));
  acc.add(record({ session_id: "a", ttft_ms: 150, output_tokens: 30 }));
  acc.add(record({ session_id: "b", ttft_ms: 300, output_tokens: 50 }));
  acc.add(failed({ session_id: "c" }));
  const s = acc.summary(2);
  assert.equal(s.requests, 4);
  assert.equal(s.met, 2);
  assert.equal(s.attainment, 0.5);
  assert.deepEqual(s.goodput, { requests_per_s: 1, output_tokens_per_s: 20 });
  assert.deepEqual(s.sessions, { total: 3, met: 1, share: 1 / 3 });
  SloSummary.parse(s);
});

Deno.test("session goodput keys sessions by the key given, so replays count apart", () => {
  const acc = new SloAccumulator(parseSlo({ ttft_ms: 200 }));
  acc.add(record({ session_id: "a", ttft_ms: 100 }), "a#0");
  acc.add(record({ session_id: "a", ttft_ms: 900 }), "a#1");
  assert.deepEqual(acc.summary(1).sessions, { total: 2, met: 1, share: 0.5 });
});

Deno.test("the run meets a target when its percentile is within it, split by turn kind", () => {
  const acc = new SloAccumulator(parseSlo({ ttft_first_ms: 1000, ttft_followup_ms: 200 }));
  for (let i = 0; i < 20; i++) {
    acc.add(record({ turn_index: 0, ttft_ms: 900 }));
    acc.add(record({ turn_index: 1, ttft_ms: i < 19 ? 100 : 5000 })); // 1 of 20 slow
  }
  const s = acc.summary(10);
  const [first, follow] = s.targets;
  assert.deepEqual(first, {
    metric: "ttft_first",
    ms: 1000,
    percentile: 95,
    samples: 20,
    value_ms: 900,
    met: true,
  });
  // p95 of 19 × 100 and one 5000: rank 18.05 → 100 + 0.05 × 4900 = 345.
  assert.equal(follow.samples, 20);
  assert.ok(Math.abs(follow.value_ms! - 345) < 1e-9);
  assert.equal(follow.met, false);
  assert.equal(s.meets, false);
  assert.ok(Math.abs(s.margin! - (1 - 345 / 200)) < 1e-9);
});

Deno.test("ITL is checked over every gap pooled, as the run summary reports it", () => {
  const acc = new SloAccumulator(parseSlo({ itl_ms: 50 }));
  acc.add(record({ itl_ms: Array(99).fill(10) }));
  acc.add(record({ itl_ms: [500] }));
  const [itl] = acc.summary(1).targets;
  assert.equal(itl.samples, 100);
  assert.equal(itl.met, true); // 1 % of gaps above: p95 is 10
  assert.equal(itl.value_ms, 10);
});

Deno.test("failed requests count as +∞ samples: enough of them fail the run's percentile", () => {
  const acc = new SloAccumulator(parseSlo({ e2e_ms: 1000 }));
  for (let i = 0; i < 20; i++) acc.add(record({ e2e_ms: 100 }));
  acc.add(failed({ e2e_ms: 50 })); // a broken stream may have timings: still a failure
  let [e2e] = acc.summary(1).targets;
  assert.equal(e2e.met, true); // 1 of 21: p95 rank 19 is the last finite sample
  acc.add(failed());
  [e2e] = acc.summary(1).targets;
  assert.deepEqual([e2e.samples, e2e.value_ms, e2e.met], [22, null, false]); // rank 19.95
  assert.equal(acc.summary(1).margin, null);
});

Deno.test("a target without samples is not judged; a run without requests never meets", () => {
  const slo = parseSlo({ ttft_followup_ms: 500, e2e_ms: 1000 });
  const acc = new SloAccumulator(slo);
  assert.equal(acc.summary(1).meets, false);
  assert.equal(acc.summary(1).attainment, null);
  acc.add(record({ turn_index: 0, e2e_ms: 100 }));
  const s = acc.summary(1);
  assert.equal(s.targets[0].met, null);
  assert.equal(s.targets[1].met, true);
  assert.equal(s.meets, true);
  assert.equal(s.margin, 0.9);
});

Deno.test("percentileWithFailures ranks failures last and interpolates like percentile", () => {
  assert.equal(percentileWithFailures([10, 20, 30], 1, 50), 25);
  assert.equal(percentileWithFailures([10, 20, 30], 0, 50), 20);
  assert.equal(percentileWithFailures([10, 20, 30], 1, 100), Infinity);
  assert.equal(percentileWithFailures([10, 20, 30], 1, 200 / 3), 30);
  assert.equal(percentileWithFailures([], 2, 10), Infinity);
  assert.equal(percentileWithFailures([7], 0, 95), 7);
});
