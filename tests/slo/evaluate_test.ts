/** @module Tests of the per-request SLO verdict (the record's `slo_met`). */
import assert from "node:assert/strict";
import { evaluateRecord } from "../../src/slo/evaluate.ts";
import { parseSlo } from "../../src/slo/spec.ts";
import { failed, record } from "./_records.ts";

const slo = parseSlo({ ttft_first_ms: 2000, ttft_followup_ms: 500, tpot_ms: 30, e2e_ms: 5000 });

Deno.test("evaluateRecord uses the first-turn TTFT target for turn 0 and the follow-up one after", () => {
  const r = { ttft_ms: 1000, tpot_ms: 20, e2e_ms: 3000 };
  assert.equal(evaluateRecord(record({ ...r, turn_index: 0 }), slo).ttft, true);
  assert.equal(evaluateRecord(record({ ...r, turn_index: 1 }), slo).ttft, false);
  assert.equal(evaluateRecord(record({ ...r, turn_index: 1 }), slo).all, false);
  assert.deepEqual(evaluateRecord(record({ ...r, turn_index: 0 }), slo), {
    ttft: true,
    itl: null,
    tpot: true,
    e2e: true,
    all: true,
  });
});

Deno.test("a target equal to the value is met; above it is not", () => {
  assert.equal(evaluateRecord(record({ tpot_ms: 30 }), slo).tpot, true);
  assert.equal(evaluateRecord(record({ tpot_ms: 30.01 }), slo).tpot, false);
  assert.equal(evaluateRecord(record({ e2e_ms: 5001 }), slo).e2e, false);
});

Deno.test("a turn kind without a TTFT target is not judged on TTFT", () => {
  const followOnly = parseSlo({ ttft_followup_ms: 500 });
  const v = evaluateRecord(record({ turn_index: 0, ttft_ms: 9999 }), followOnly);
  assert.equal(v.ttft, null);
  assert.equal(v.all, true);
});

Deno.test("a failed request meets no target, even with latencies recorded", () => {
  const v = evaluateRecord(failed({ ttft_ms: 1, e2e_ms: 2, tpot_ms: 1 }), slo);
  assert.deepEqual(v, { ttft: false, itl: null, tpot: false, e2e: false, all: false });
});

Deno.test("ITL is judged on the request's own gaps at the target's percentile", () => {
  const gaps = [...Array(19).fill(10), 200]; // one stall in twenty gaps
  const p95 = parseSlo({ itl_ms: 50 });
  const p90 = parseSlo({ itl_ms: { ms: 50, percentile: 90 } });
  // p95 of 20 sorted gaps sits at rank 18.05: 10 + 0.05 × 190 = 19.5 ms.
  assert.equal(evaluateRecord(record({ itl_ms: gaps }), p95).itl, true);
  assert.equal(evaluateRecord(record({ itl_ms: [10, 200] }), p95).itl, false);
  assert.equal(evaluateRecord(record({ itl_ms: [10, 10, 200] }), p90).itl, false);
  assert.equal(
    evaluateRecord(record({ itl_ms: gaps }), parseSlo({ itl_ms: { ms: 50, percentile: 100 } })).itl,
    false,
  );
});

Deno.test("no decode (one output token) meets ITL and TPOT; no first token fails TTFT", () => {
  const both = parseSlo({ itl_ms: 10, tpot_ms: 10, ttft_ms: 100 });
  const one = evaluateRecord(record({ itl_ms: [], tpot_ms: null, output_tokens: 1 }), both);
  assert.equal(one.itl, true);
  assert.equal(one.tpot, true);
  assert.equal(
    evaluateRecord(record({ ttft_ms: null, itl_ms: [], tpot_ms: null }), both).ttft,
    false,
  );
});
