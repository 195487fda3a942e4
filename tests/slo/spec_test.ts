/** @module Tests of the SLO block: validation with the field path, normalization, headline text. */
import assert from "node:assert/strict";
import { describeSlo, parseSlo, SloSpec, sloTargets } from "../../src/slo/spec.ts";
import { UserError } from "../../src/util/errors.ts";

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof UserError);
    assert.equal(e.exitCode, 2);
    return e.message;
  }
  throw new Error("expected an error");
}

Deno.test("sloTargets lets ttft_ms fill the turn kind that has no target of its own", () => {
  assert.deepEqual(parseSlo({ ttft_ms: 800, ttft_followup_ms: 500, itl_ms: 50 }), [
    { metric: "ttft_first", ms: 800, percentile: 95 },
    { metric: "ttft_followup", ms: 500, percentile: 95 },
    { metric: "itl", ms: 50, percentile: 95 },
  ]);
  assert.deepEqual(parseSlo({ ttft_first_ms: 2000 }), [
    { metric: "ttft_first", ms: 2000, percentile: 95 },
  ]);
});

Deno.test("a target's own percentile overrides the SLO's default", () => {
  assert.deepEqual(
    parseSlo({ percentile: 90, e2e_ms: 20_000, tpot_ms: { ms: 30, percentile: 99 } }),
    [{ metric: "tpot", ms: 30, percentile: 99 }, { metric: "e2e", ms: 20_000, percentile: 90 }],
  );
  assert.deepEqual(parseSlo({ itl_ms: { ms: 50, percentile: 100 } })[0].percentile, 100);
});

Deno.test("numeric strings from references are read as numbers", () => {
  assert.deepEqual(parseSlo({ percentile: "99", itl_ms: "40" }), [
    { metric: "itl", ms: 40, percentile: 99 },
  ]);
});

Deno.test("an SLO with no target is one line naming the block", () => {
  assert.equal(
    message(() => parseSlo({ percentile: 90 })),
    'Cannot use SLO field "slo": names no target: give at least one of ttft_ms, ttft_first_ms, ' +
      "ttft_followup_ms, itl_ms, tpot_ms, e2e_ms",
  );
});

Deno.test("a percentile outside (0, 100] is one line naming its field path", () => {
  assert.equal(
    message(() => parseSlo({ itl_ms: { ms: 50, percentile: 120 } })),
    'Cannot use SLO field "slo.itl_ms.percentile": must be in (0, 100], got 120',
  );
  assert.equal(
    message(() => parseSlo({ percentile: 0, itl_ms: 50 })),
    'Cannot use SLO field "slo.percentile": must be in (0, 100], got 0',
  );
});

Deno.test("bad targets and unknown keys name their field", () => {
  assert.equal(
    message(() => parseSlo({ e2e_ms: -1 }, "stages.sweep.with.slo")),
    'Cannot use SLO field "stages.sweep.with.slo.e2e_ms": must be above 0 ms, got -1',
  );
  assert.equal(
    message(() => parseSlo({ e2e_ms: "fast" })),
    'Cannot use SLO field "slo.e2e_ms": expected a time in ms or { ms, percentile }',
  );
  assert.equal(
    message(() => parseSlo({ ttft: 5 })),
    'Cannot use SLO field "slo.ttft": unknown key (percentile, ttft_ms, ttft_first_ms, ' +
      "ttft_followup_ms, itl_ms, tpot_ms, e2e_ms)",
  );
});

Deno.test("the schema reports issues with paths the pipeline can locate", () => {
  const r = SloSpec.safeParse({ ttft_followup_ms: { ms: 500, percentile: -5 } });
  assert.ok(!r.success);
  assert.deepEqual(r.error.issues.map((i) => i.path), [["ttft_followup_ms", "percentile"]]);
});

Deno.test("describeSlo words the targets for a headline", () => {
  assert.equal(
    describeSlo(parseSlo({ ttft_followup_ms: 500, itl_ms: 50 })),
    "p95 follow-up TTFT ≤ 500 ms and p95 ITL ≤ 50 ms",
  );
  assert.equal(describeSlo(sloTargets(SloSpec.parse({ ttft_ms: 900 }))), "p95 TTFT ≤ 900 ms");
});
