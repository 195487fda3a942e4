/** @module Tests of the baseline comparison: direction-aware flags, matching, folder kinds. */
import assert from "node:assert/strict";
import { compareWithBaseline, loadBaselineRows } from "../../src/report/baseline.ts";
import type { ReportRow } from "../../src/results/report_row.ts";
import { buildModel } from "../../src/report/model/model.ts";
import { writeReport } from "../../src/report/write.ts";
import { BASELINE, RESULTS, withTempDir } from "./helpers.ts";

async function rowsOf(dir: string): Promise<ReportRow[]> {
  return (await buildModel({ results: dir })).rows;
}

function tweak(row: ReportRow, patch: Partial<ReportRow>): ReportRow {
  return { ...row, ...patch };
}

Deno.test("baseline flags latency up and throughput down, not the reverse", async () => {
  const base = await rowsOf(RESULTS);
  const b = base[0];
  const current = [
    tweak(b, {
      ttft_ms_p50: b.ttft_ms_p50! * 1.2, // worse by 20%: regression
      ttft_ms_p99: b.ttft_ms_p99! * 1.05, // worse by 5%: within threshold
      e2e_ms_p50: b.e2e_ms_p50! * 0.5, // better
      requests_per_s: b.requests_per_s * 0.8, // worse by 20%: regression
      output_tokens_per_s: b.output_tokens_per_s * 1.5, // better
    }),
  ];
  const result = compareWithBaseline(current, base, {
    source: "x",
    kind: "results",
    thresholdPct: 10,
  });
  const by = (f: string) => result.comparisons.find((c) => c.field === f)!;
  assert.equal(by("ttft_ms_p50").regression, true);
  assert.ok(Math.abs(by("ttft_ms_p50").change! - 20) < 1e-9);
  assert.equal(by("ttft_ms_p99").regression, false);
  assert.equal(by("ttft_ms_p99").worse, true);
  assert.equal(by("e2e_ms_p50").worse, false);
  assert.equal(by("requests_per_s").regression, true);
  assert.equal(by("output_tokens_per_s").worse, false);
  assert.equal(result.regressions, 2);
  assert.deepEqual(result.unmatched, []);
});

Deno.test("baseline compares error rate in percentage points", async () => {
  const base = await rowsOf(RESULTS);
  const b = tweak(base[0], { error_pct: 2 });
  const up = compareWithBaseline([tweak(b, { error_pct: 3.5 })], [b], {
    source: "x",
    kind: "report",
    thresholdPct: 50,
  });
  const small = compareWithBaseline([tweak(b, { error_pct: 2.5 })], [b], {
    source: "x",
    kind: "report",
    thresholdPct: 50,
  });
  assert.equal(up.comparisons.find((c) => c.field === "error_pct")!.regression, true);
  assert.equal(small.comparisons.find((c) => c.field === "error_pct")!.regression, false);
});

Deno.test("baseline matches runs by round and concurrency and lists the unmatched", async () => {
  const base = await rowsOf(RESULTS);
  const extra = tweak(base[0], { concurrency: 64 });
  const result = compareWithBaseline([...base, extra], base, {
    source: "x",
    kind: "results",
    thresholdPct: 10,
  });
  assert.equal(result.regressions, 0);
  assert.deepEqual(result.unmatched, [{ round: 1, concurrency: 64, request_rate: null }]);
});

Deno.test("a slower prefill than the baseline is flagged on TTFT only", async () => {
  const model = await buildModel({ results: RESULTS, baseline: BASELINE });
  const flagged = new Set(
    model.baseline!.comparisons.filter((c) => c.regression).map((c) => c.field),
  );
  assert.deepEqual([...flagged].sort(), ["ttft_ms_p50", "ttft_ms_p90", "ttft_ms_p99"]);
  assert.equal(model.rows.every((r) => r.regressions === 3), true);
});

Deno.test("an earlier report folder serves as a baseline like its results folder", async () => {
  await withTempDir(async (dir) => {
    await writeReport({ results: BASELINE }, dir);
    const fromReport = await loadBaselineRows(dir);
    const fromResults = await loadBaselineRows(BASELINE);
    assert.equal(fromReport.kind, "report");
    assert.equal(fromResults.kind, "results");
    assert.deepEqual(fromReport.rows, fromResults.rows);
    const model = await buildModel({ results: RESULTS, baseline: dir, thresholdPct: 20 });
    assert.equal(model.baseline!.regressions, 0, "17.6% slower TTFT is within a 20% threshold");
  });
});

Deno.test("a baseline folder without summary.json is a one-line user error", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(
      () => buildModel({ results: RESULTS, baseline: dir }),
      (e: Error) =>
        e.name === "UserError" &&
        e.message === `Cannot read baseline "${dir}": no summary.json in it`,
    );
  });
});
