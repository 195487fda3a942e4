/** @module Tests of judging a run as it goes: slo_met, the early stop, the summary's verdicts. */
import assert from "node:assert/strict";
import { conversationKey, RunJudge } from "../../src/client/run_judge.ts";
import type { RunSummary } from "../../src/results/summary.ts";
import { parseSlo } from "../../src/slo/spec.ts";
import { summarizeRecords } from "../../src/stats/run_summary.ts";
import { failed, record } from "../slo/_records.ts";

const targets = parseSlo({ ttft_ms: 200, itl_ms: { ms: 30, percentile: 100 } });
const window = { round: 1, concurrency: 2, started_at: 0, ended_at: 2000, complete: true };

/** Two conversations of 10 turns, 100 ms apart each. */
function steadyRecords() {
  return [0, 1].flatMap((w) =>
    Array.from({ length: 10 }, (_, i) =>
      record({
        session_id: `s${w}`,
        turn_index: i,
        started_at: w * 10 + i * 100,
        ttft_ms: i === 3 && w === 0 ? 500 : 50,
        e2e_ms: 90,
        itl_ms: [10, 20],
      }))
  );
}

Deno.test("each record gets its slo_met before it is written", () => {
  const judge = new RunJudge({ targets, load: 2, fullAfter: 2 });
  const ok = record({ ttft_ms: 100, itl_ms: [10, 20] });
  const slow = record({ ttft_ms: 100, itl_ms: [10, 40] });
  const bad = failed();
  for (const r of [ok, slow, bad]) judge.add(r);
  assert.deepEqual(ok.slo_met, { ttft: true, itl: true, tpot: null, e2e: null, all: true });
  assert.deepEqual(slow.slo_met, { ttft: true, itl: false, tpot: null, e2e: null, all: false });
  assert.equal(bad.slo_met?.all, false);
});

Deno.test("without an SLO records get no slo_met, and the run is still judged for saturation", () => {
  const judge = new RunJudge({ targets: [], load: 2, fullAfter: 2 });
  const records = steadyRecords();
  for (const r of records) judge.add(r);
  assert.ok(records.every((r) => r.slo_met === null));
  const summary = summarizeRecords(records, window);
  judge.finish(summary);
  assert.equal(summary.saturated, false);
  assert.equal(summary.slo, undefined);
  assert.equal(summary.goodput, undefined);
});

Deno.test("finish writes the whole run's SLO, its window and goodput into the run summary", () => {
  const judge = new RunJudge({ targets, load: 2, fullAfter: 2 });
  const records = steadyRecords();
  for (const r of records) judge.add(r);
  const summary: RunSummary = summarizeRecords(records, window);
  const a = judge.finish(summary);
  // 19 of 20 requests met every target (one TTFT of 500 ms), over the run's 2 s.
  assert.equal(summary.slo?.met, 19);
  assert.equal(summary.slo?.attainment, 19 / 20);
  assert.equal(summary.goodput?.requests_per_s, 19 / 2);
  assert.equal(summary.goodput?.session_share, 1 / 2);
  assert.equal(summary.slo?.window?.reached, true);
  assert.equal(summary.slo?.steady?.requests, a.steady.requests);
  assert.equal(summary.saturated, false);
  assert.equal(summary.stopped_saturated, undefined);
});

Deno.test("a plainly growing TTFT stops a probe once the full load is on, and marks it saturated", () => {
  const judge = new RunJudge({ targets, load: null, fullAfter: 5, stopWhenSaturated: true });
  const records = Array.from(
    { length: 80 },
    (_, i) =>
      record({ session_id: `s${i}`, started_at: i * 50, ttft_ms: 20 + 15 * i, e2e_ms: 400 }),
  );
  let stoppedAt = -1;
  records.forEach((r, i) => {
    judge.sent(r.started_at);
    if (judge.add(r) && stoppedAt < 0) stoppedAt = i;
  });
  assert.ok(stoppedAt >= 30 && stoppedAt < 80, `stopped at ${stoppedAt}`);
  const summary = summarizeRecords(records, { ...window, concurrency: null, request_rate: 10 });
  const a = judge.finish(summary);
  assert.equal(summary.saturated, true);
  assert.equal(summary.stopped_saturated, true);
  assert.equal(a.probe.saturated, true);
});

Deno.test("a flat TTFT never stops the run early", () => {
  const judge = new RunJudge({ targets, load: null, fullAfter: 1, stopWhenSaturated: true });
  for (let i = 0; i < 200; i++) {
    judge.sent(i * 10);
    assert.equal(judge.add(record({ started_at: i * 10, ttft_ms: 50 + (i % 7) })), false);
  }
  assert.equal(judge.stoppedSaturated, false);
});

Deno.test("a replayed conversation is keyed apart from its first pass", () => {
  assert.equal(conversationKey(record({ session_id: "a", replay: 0 })), "a");
  assert.equal(conversationKey(record({ session_id: "a", replay: 2 })), "a#2");
});
