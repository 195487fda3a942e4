/** @module The baseline gate shared by the report command and stage: which folder, the line, the failure. */
import assert from "node:assert/strict";
import { baselineGate, usableBaseline } from "../../src/report/baseline_gate.ts";
import { UserError } from "../../src/util/errors.ts";

const compared = (regressions: number) => ({
  regressions,
  model: { baseline: { threshold_pct: 10, source: "runs/old" } },
});

Deno.test("a missing baseline folder is skipped only when told to", async () => {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-gate-" });
  try {
    assert.equal(usableBaseline(undefined, "skip"), undefined);
    assert.equal(usableBaseline(`${dir}/nope`, "skip"), undefined);
    assert.equal(
      usableBaseline(`${dir}/nope`, "error"),
      `${dir}/nope`,
      "kept, so reading it fails",
    );
    assert.equal(usableBaseline(dir, "skip"), dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the gate states the comparison, and fails with exit code 3 only when asked to", () => {
  const lines: string[] = [];
  const log = (l: string) => void lines.push(l);
  baselineGate(compared(2), { see: "report.md", log });
  assert.deepEqual(lines, ['baseline: 2 regression(s) past 10% against "runs/old"']);
  baselineGate(compared(0), { failOnRegression: true, see: "report.md", log });
  assert.throws(
    () => baselineGate(compared(2), { failOnRegression: true, see: "out/report.md", log }),
    (e: Error) =>
      e instanceof UserError && e.exitCode === 3 &&
      e.message === 'Found 2 regression(s) against baseline "runs/old" past 10%: see out/report.md',
  );
  assert.equal(lines.length, 3, "the line is logged before the failure");
});

Deno.test("without a baseline the gate says nothing and never fails", () => {
  const lines: string[] = [];
  baselineGate({ regressions: 0, model: { baseline: null } }, {
    failOnRegression: true,
    see: "report.md",
    log: (l) => void lines.push(l),
  });
  assert.deepEqual(lines, []);
});
