/** @module Tests of the capacity summary and its headline. */
import assert from "node:assert/strict";
import { searchCapacity } from "../../src/capacity/search.ts";
import { capacityHeadline, CapacitySummary, capacitySummary } from "../../src/capacity/summary.ts";
import { parseSlo } from "../../src/slo/spec.ts";

const targets = parseSlo({ ttft_followup_ms: 500, itl_ms: 50 });
const upTo = (c: number, attainment = 0.99) => (load: number) =>
  Promise.resolve({ meets: load <= c, attainment: load <= c ? attainment : 0.5 });

Deno.test("the headline states the capacity, its interval and the SLO", async () => {
  const caps = [37, 35, 39, 37];
  const r = await searchCapacity(
    (load, ctx) => Promise.resolve({ meets: load <= caps[ctx.trial] }),
    { kind: "integer", min: 1, max: 256, start: 8, trials: 3 },
  );
  assert.equal(
    capacityHeadline(r, "users", targets, 1),
    "capacity: 37 concurrent conversations (95% CI 34–40) at p95 follow-up TTFT ≤ 500 ms and p95 ITL ≤ 50 ms",
  );
});

Deno.test("the headline says when the server fails at the lowest load, or the range was too small", async () => {
  const none = await searchCapacity(upTo(0), { kind: "integer", min: 2, max: 64, start: 2 });
  assert.equal(
    capacityHeadline(none, "concurrency", targets, 2),
    "capacity: none — fails the SLO even at 2 sessions in flight (p95 follow-up TTFT ≤ 500 ms and p95 ITL ≤ 50 ms)",
  );
  const top = await searchCapacity(upTo(1e9), { kind: "real", min: 1, max: 10 });
  assert.match(
    capacityHeadline(top, "request_rate", targets, 1),
    /^capacity: at least 10 req\/s \(the top of the range\) at p95/,
  );
  const cut = await searchCapacity(upTo(37), {
    kind: "integer",
    min: 1,
    max: 256,
    start: 8,
    max_probes: 4,
  });
  assert.match(
    capacityHeadline(cut, "users", targets, 1),
    /^capacity: at least 32 concurrent conversations \(search stopped: out of probes\)/,
  );
});

Deno.test("capacitySummary keeps every probe in order, valid against its schema", async () => {
  const r = await searchCapacity(upTo(5), { kind: "integer", min: 1, max: 16, start: 4 });
  const s = CapacitySummary.parse(
    capacitySummary(r, { load: "users", targets, min: 1, runOf: (i) => i }),
  );
  assert.deepEqual(s.probes.map((p) => [p.load, p.good, p.attainment, p.run]), [
    [4, true, 0.99, 0],
    [8, false, 0.5, 1],
    [6, false, 0.5, 2],
    [5, true, 0.99, 3],
  ]);
  assert.equal(s.capacity, 5);
  assert.equal(s.slo, "p95 follow-up TTFT ≤ 500 ms and p95 ITL ≤ 50 ms");
});
