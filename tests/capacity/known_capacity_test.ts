/**
 * @module The capacity of a mock configured so it can be computed in advance, and the search
 * finding it on a simulation of that mock (formulas: `_mock_model.ts`).
 */
import assert from "node:assert/strict";
import { searchCapacity } from "../../src/capacity/search.ts";
import { assessRun } from "../../src/capacity/assess_run.ts";
import { parseSlo, type SloTargets } from "../../src/slo/spec.ts";
import { expectedCapacity, factor, knownMock, type Latency, simulateUsers } from "./_mock_model.ts";

const sessions = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, turns: 4 }));

/** One probe: a simulated run judged on its steady window (`assessRun`, as a runner would). */
function probeOf(l: Latency, outputTokens: number, targets: SloTargets, duration_ms = 20_000) {
  return (users: number) => {
    const { records } = simulateUsers(l, users, { outputTokens, duration_ms, sessions });
    const a = assessRun(records, { targets, load: users, run_s: duration_ms / 1000 });
    return Promise.resolve({ ...a.probe, requests: records.length, slo: a.steady });
  };
}

// Case A — the load factor decides. ttft 40 ms, itl 8 ms, lf 0.05, M 64, 32 output tokens.
// f(C) = 1 + 0.05 (C − 1). SLO: p95 follow-up TTFT ≤ 100 ms and p95 ITL ≤ 16.2 ms.
//   TTFT: 40 f ≤ 100  → f ≤ 2.5   → C ≤ 1 + 1.5 / 0.05   = 31
//   ITL:   8 f ≤ 16.2 → f ≤ 2.025 → C ≤ 1 + 1.025 / 0.05 = 21.5 → 21
//   capacity = min(64, 31, 21) = 21: at 21 ITL = 16.0 ms, at 22 ITL = 16.4 ms.
const A = knownMock({ ttft_ms: 40, itl_ms: 8, load_factor: 0.05, max_running: 64 });
const sloA = parseSlo({ ttft_followup_ms: 100, itl_ms: 16.2 });

// Case B — the slots decide. ttft 40 ms, itl 8 ms, lf 0.02, M 8, 64 output tokens.
// SLO: p95 TTFT ≤ 60 ms. Load factor alone: 40 f ≤ 60 → f ≤ 1.5 → C ≤ 26, so M = 8 binds.
//   At 8: f = 1.14, TTFT 45.6 ms. At 9: one request always queued; S = 1.14 × (40 + 63 × 8)
//   = 620.16 ms, mean wait S/8 = 77.5 ms, no wait over S; waits over x = 60 − 45.6 = 14.4 ms
//   are at least (77.5 − 14.4) / (620.16 − 14.4) = 10.4% of requests > 5%: p95 TTFT > 60 ms.
const B = knownMock({ ttft_ms: 40, itl_ms: 8, load_factor: 0.02, max_running: 8 });
const sloB = parseSlo({ ttft_ms: 60 });

Deno.test("the formulas give the capacity of each configuration", () => {
  assert.equal(factor(A, 21) * 8, 16);
  assert.ok(factor(A, 22) * 8 > 16.2);
  assert.equal(expectedCapacity(A, 32, sloA), 21);
  assert.equal(expectedCapacity(B, 64, sloB), 8);
  // A looser TTFT target cannot prove that 9 fails: the formulas refuse to guess.
  assert.throws(() => expectedCapacity(B, 64, parseSlo({ ttft_ms: 120 })), /cannot be shown/);
  assert.equal(expectedCapacity(A, 32, parseSlo({ itl_ms: 7 })), 0);
});

Deno.test("the simulated mock meets the SLO at the capacity and fails one user above it", async () => {
  for (const [l, tokens, slo] of [[A, 32, sloA], [B, 64, sloB]] as const) {
    const c = expectedCapacity(l, tokens, slo);
    const probe = probeOf(l, tokens, slo);
    const at = await probe(c);
    const above = await probe(c + 1);
    assert.equal(at.meets, true, `meets at ${c}`);
    assert.equal(at.slo.attainment, 1);
    assert.equal(above.meets, false, `fails at ${c + 1}`);
    assert.equal(at.saturated || above.saturated, false); // a closed loop settles
  }
  // Case A at 21: every steady gap is f(21) × 8 = 16 ms exactly.
  const a21 = await probeOf(A, 32, sloA)(21);
  assert.equal(a21.slo.targets[1].value_ms, 16);
});

Deno.test("searchCapacity finds the computed capacity on the simulated mock", async () => {
  for (const [l, tokens, slo] of [[A, 32, sloA], [B, 64, sloB]] as const) {
    const expected = expectedCapacity(l, tokens, slo);
    const r = await searchCapacity(probeOf(l, tokens, slo), {
      kind: "integer",
      min: 1,
      max: 64,
      start: 4,
      trials: 2,
    });
    assert.equal(r.status, "found");
    assert.equal(r.capacity, expected);
    // A deterministic simulation repeats itself: the interval is the point.
    assert.deepEqual([r.interval?.low, r.interval?.high], [expected, expected]);
  }
});

Deno.test("the search uses under a third of the requests of a grid over the same range", async () => {
  const probe = probeOf(A, 32, sloA);
  let gridRequests = 0;
  let gridAnswer = 0;
  for (let users = 1; users <= 64; users++) {
    const r = await probe(users);
    gridRequests += r.requests;
    if (r.meets && !r.saturated) gridAnswer = users;
  }
  const search = await searchCapacity(probe, {
    kind: "integer",
    min: 1,
    max: 64,
    start: 4,
    trials: 2,
  });
  const searchRequests = search.probes.reduce((n, p) => n + p.result.requests, 0);
  assert.equal(gridAnswer, 21);
  assert.equal(search.capacity, gridAnswer);
  assert.ok(searchRequests * 3 <= gridRequests, `${searchRequests} vs grid ${gridRequests}`);
  console.log(
    `search ${search.probes.length} probes / ${searchRequests} requests; grid 64 / ${gridRequests}`,
  );
});
