/** @module Tests of the steady-state window and of the over-saturation verdict inside it. */
import assert from "node:assert/strict";
import {
  assessSaturation,
  steadyWindow,
  type TimedRequest,
  timedRequest,
} from "../../src/capacity/steady_state.ts";
import { record } from "../slo/_records.ts";

/**
 * Workers running two-turn conversations of 100 ms turns back to back: worker w starts at
 * w × 10 ms and takes the next conversation when one ends, until `sessions` are handed out.
 */
function closedLoop(workers: number, sessions: number): TimedRequest[] {
  const out: TimedRequest[] = [];
  const free = Array.from({ length: workers }, (_, w) => w * 10);
  for (let s = 0; s < sessions; s++) {
    const w = free.indexOf(Math.min(...free));
    for (let turn = 0; turn < 2; turn++) {
      const started_at = free[w];
      out.push({ session: `s${s}`, started_at, ended_at: started_at + 100, ttft_ms: 20 });
      free[w] += 100;
    }
  }
  return out;
}

Deno.test("the window runs from the full load reached to the first conversation of the tail ending", () => {
  // Worker 0: s0 0–200, s2 200–400, s4 400–600; worker 1: s1 10–210, s3 210–410. Both active
  // from 10; the first request to end after that ends at 100; s3 ends the last full stretch.
  const w = steadyWindow(closedLoop(2, 5), { target: 2 })!;
  assert.deepEqual(w, {
    start: 100,
    end: 410,
    target: 2,
    peak: 2,
    reached: true,
    requests: { inside: 7, warmup: 2, tail: 1 },
  });
});

Deno.test("a target never reached stands in the peak and says so", () => {
  const w = steadyWindow(closedLoop(2, 5), { target: 8 })!;
  assert.deepEqual([w.start, w.end, w.peak, w.reached], [100, 410, 2, false]);
});

Deno.test("in rate mode the window drops the first arrivals and ends at the last one", () => {
  const reqs = Array.from({ length: 20 }, (_, i) => ({
    session: `s${i}`,
    started_at: i * 100,
    ended_at: i * 100 + 5000,
    ttft_ms: 10,
  }));
  const w = steadyWindow(reqs)!;
  assert.deepEqual([w.start, w.end, w.target], [200, 1900, null]);
  assert.deepEqual(w.requests, { inside: 18, warmup: 2, tail: 0 });
  assert.equal(steadyWindow(reqs, { warmup_share: 0.5 })!.start, 1000);
  assert.equal(steadyWindow([]), null);
});

Deno.test("timedRequest ends a request at E2E, else TTFT, else its start", () => {
  const at = (o: Parameters<typeof record>[0]) => timedRequest(record({ started_at: 1000, ...o }));
  assert.equal(at({ e2e_ms: 300 }).ended_at, 1300);
  assert.equal(at({ e2e_ms: null, ttft_ms: 40 }).ended_at, 1040);
  assert.equal(at({ e2e_ms: null, ttft_ms: null }).ended_at, 1000);
  assert.equal(timedRequest(record({ session_id: "a" }), "a#2").session, "a#2");
});

Deno.test("TTFT growing through the window is over-saturation; stable TTFT is not", () => {
  const growing = Array.from({ length: 60 }, (_, i) => ({
    session: `s${i}`,
    started_at: i * 100,
    ended_at: i * 100 + 1000,
    ttft_ms: 50 + 10 * i,
  }));
  const window = { start: 0, end: 6000 };
  const a = assessSaturation(growing, window);
  assert.equal(a.saturated, true);
  assert.ok(Math.abs(a.ttft!.slope_per_s - 100) < 1e-9); // 10 ms per 100 ms
  const stable = growing.map((r, i) => ({ ...r, ttft_ms: i % 2 ? 50 : 500 }));
  assert.equal(assessSaturation(stable, window).saturated, false);
  // Only the window counts: the same growth outside it is ignored.
  assert.equal(assessSaturation(growing, { start: 0, end: 1000 }).saturated, false);
});

Deno.test("a growing waiting queue is over-saturation even when TTFT looks flat", () => {
  const reqs = Array.from({ length: 30 }, (_, i) => ({
    session: `s${i}`,
    started_at: i * 100,
    ended_at: i * 100 + 50,
    ttft_ms: 100,
  }));
  const window = { start: 0, end: 3000 };
  const rising = Array.from({ length: 30 }, (_, i) => ({ t: i * 100, v: i }));
  const idle = Array.from({ length: 30 }, (_, i) => ({ t: i * 100, v: i % 2 }));
  const a = assessSaturation(reqs, window, { queue: rising });
  assert.deepEqual([a.saturated, a.ttft!.t_stat, a.queue!.growth > 1], [true, 0, true]);
  assert.equal(assessSaturation(reqs, window, { queue: idle }).saturated, false);
});
