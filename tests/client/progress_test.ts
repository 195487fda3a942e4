/** @module A sweep's progress drawn on the one progress interface: one bar of requests, a line per run. */
import assert from "node:assert/strict";
import { runLine, sweepProgress } from "../../src/client/progress.ts";
import type { RunSummary } from "../../src/results/summary.ts";
import type { Reporting } from "../../src/util/progress.ts";

function recording() {
  const calls: string[] = [];
  const out: Reporting = {
    log: (m) => void calls.push(`log ${m}`),
    progress: {
      total: (n, unit) => void calls.push(`total ${n} ${unit}`),
      advance: (n, status) => void calls.push(`advance ${n} ${status}`),
      status: (text) => void calls.push(`status ${text}`),
    },
  };
  return { out, calls };
}

Deno.test("sweep progress counts the whole sweep's requests on one bar, by the run's deltas", () => {
  const { out, calls } = recording();
  const p = sweepProgress(out);
  p.sweepStart?.(8);
  p.runStart("round1_conc2", 4);
  p.update({ done: 0, total: 4, inFlight: 2, errors: 0, elapsedS: 0.1 });
  p.update({ done: 3, total: 4, inFlight: 1, errors: 1, elapsedS: 0.5 });
  p.update({ done: 3, total: 4, inFlight: 0, errors: 1, elapsedS: 0.6 });
  p.runStart("round2_conc2", 4);
  p.update({ done: 1, total: 4, inFlight: 2, errors: 0, elapsedS: 0.1 });
  p.log("cache reset: POST http://x/reset");
  assert.deepEqual(calls, [
    "total 8 requests",
    "status round1_conc2",
    "advance 3 round1_conc2: in flight 1, errors 1",
    "status round2_conc2",
    "advance 1 round2_conc2: in flight 2, errors 0",
    "log cache reset: POST http://x/reset",
  ]);
});

Deno.test("sweep progress logs each finished run as one line", () => {
  const { out, calls } = recording();
  const summary = {
    requests: { total: 4, ok: 3, failed: 1 },
    errors: { http_5xx: 1 },
    throughput: { requests_per_s: 2 },
    ttft_ms: { p50: 41.25 },
    duration_s: 2,
    complete: true,
  } as unknown as RunSummary;
  sweepProgress(out).runEnd("round1_conc2", summary);
  assert.deepEqual(calls, [`log ${runLine("round1_conc2", summary)}`]);
  assert.equal(
    runLine("round1_conc2", summary),
    "round1_conc2: 3/4 ok (http_5xx 1), 2.00 req/s, TTFT p50 41.3 ms, 2.00 s",
  );
});
