/** @module Tests of the `--slo` flag syntax. */
import assert from "node:assert/strict";
import { sloFromFlags } from "../../src/slo/flags.ts";
import { parseSlo } from "../../src/slo/spec.ts";

Deno.test("sloFromFlags turns flags into the slo block, with units and percentiles", () => {
  const block = sloFromFlags(["ttft_first:p95<=2s", "ttft_followup:p99 <= 500", "itl<=50ms"]);
  assert.deepEqual(block, {
    ttft_first_ms: { ms: 2000, percentile: 95 },
    ttft_followup_ms: { ms: 500, percentile: 99 },
    itl_ms: 50,
  });
  assert.deepEqual(parseSlo(sloFromFlags(["itl<=50"], 90)), [
    { metric: "itl", ms: 50, percentile: 90 },
  ]);
  assert.deepEqual(sloFromFlags(["e2e:p99.9<=1.5s"]), { e2e_ms: { ms: 1500, percentile: 99.9 } });
});

Deno.test("sloFromFlags rejects bad syntax, metrics, percentiles and repeats in one line", () => {
  const cases: [string[], string][] = [
    [["ttft<2000"], 'Cannot parse --slo "ttft<2000": expected <metric>[:p<percentile>]<=<time>'],
    [["latency<=5"], 'Cannot parse --slo "latency<=5": unknown metric "latency" (one of ttft,'],
    [["itl:p120<=50"], 'Cannot parse --slo "itl:p120<=50": percentile "120" not in (0, 100]'],
    [["itl:p0<=50"], 'Cannot parse --slo "itl:p0<=50": percentile "0" not in (0, 100]'],
    [["itl<=0"], 'Cannot parse --slo "itl<=0": time "0" must be above 0'],
    [["itl<=5", "itl:p99<=9"], 'Cannot parse --slo "itl:p99<=9": "itl" is given twice'],
  ];
  for (const [flags, start] of cases) {
    assert.throws(() => sloFromFlags(flags), (e: Error) => {
      assert.ok(e.message.startsWith(start), e.message);
      assert.ok(!e.message.includes("\n"));
      return true;
    });
  }
});
