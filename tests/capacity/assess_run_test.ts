/** @module Tests of judging one run: window vs whole run, saturation, the probe verdict. */
import assert from "node:assert/strict";
import { assessRun } from "../../src/capacity/assess_run.ts";
import { parseSlo } from "../../src/slo/spec.ts";
import { failed, record } from "../slo/_records.ts";

const targets = parseSlo({ ttft_ms: 200 });

Deno.test("assessRun judges the probe on the steady window and the sweep on the whole run", () => {
  // Two workers, 100 ms turns: a slow first wave (warm-up), then fast steady turns.
  const records = [];
  for (let w = 0; w < 2; w++) {
    for (let i = 0; i < 10; i++) {
      records.push(record({
        session_id: `w${w}`,
        turn_index: i,
        started_at: w * 10 + i * 100,
        ttft_ms: i === 0 ? 900 : 50,
        e2e_ms: 100,
      }));
    }
  }
  const a = assessRun(records, { targets, load: 2, run_s: 1 });
  assert.deepEqual([a.window!.start, a.window!.end], [100, 1000]);
  assert.deepEqual([a.steady.requests, a.steady.attainment], [18, 1]);
  assert.deepEqual([a.run.requests, a.run.attainment], [20, 0.9]);
  assert.equal(a.run.goodput.requests_per_s, 18);
  assert.deepEqual(a.probe, { meets: true, saturated: false, attainment: 1, margin: 0.75 });
});

Deno.test("a growing TTFT makes the probe bad through saturated, whatever the percentiles", () => {
  const records = Array.from(
    { length: 40 },
    (_, i) =>
      record({ session_id: `s${i}`, started_at: i * 100, ttft_ms: 10 + 4 * i, e2e_ms: 200 }),
  );
  const a = assessRun(records, { targets, load: null, run_s: 4 });
  assert.equal(a.probe.meets, true);
  assert.equal(a.probe.saturated, true);
});

Deno.test("session keys keep replays apart; a run without records never meets", () => {
  const records = [
    record({ session_id: "a", started_at: 0, ttft_ms: 50 }),
    failed({ session_id: "a", started_at: 1000 }),
  ];
  const keys = ["a", "a#1"];
  const a = assessRun(records, {
    targets,
    load: 1,
    run_s: 2,
    session: (r) => keys[records.indexOf(r)],
  });
  assert.deepEqual(a.run.sessions, { total: 2, met: 1, share: 0.5 });
  const empty = assessRun([], { targets, load: 4, run_s: 1 });
  assert.deepEqual([empty.window, empty.probe.meets, empty.probe.saturated], [null, false, false]);
});
