/**
 * @module End to end: pipelines/capacity.yaml finds the mock's computed capacity (5 users), its
 * report leads with the headline, and with a kept baseline of a higher capacity the pipeline
 * goes red on the regression (a nightly capacity gate).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SweepSummary } from "../../src/results/summary.ts";
import { manifestOf, statuses } from "./_artifacts.ts";
import { assertNoStack, runPipelineCli, withDirs } from "./_helpers.ts";

const FILE = "pipelines/capacity.yaml";
const HEADLINE =
  "capacity: 5 concurrent conversations (95% CI 5–5) at p95 follow-up TTFT ≤ 200 ms and p50 ITL ≤ 42.5 ms";

Deno.test("capacity pipeline finds the mock's capacity, reports it, and gates on a capacity regression", async () => {
  await withDirs(async (d) => {
    const baseline = join(d.root, "baselines", "capacity");
    const set = ["--set", `report.baseline=${baseline}`];
    const r = await runPipelineCli(FILE, d, set, 120_000);
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r.stderr);
    assert.deepEqual(statuses(await manifestOf(r)), {
      mock: "ran",
      capacity: "ran",
      report: "ran",
    });
    const dir = join(d.results, "capacity", "capacity");
    const summary = SweepSummary.parse(
      JSON.parse(await Deno.readTextFile(join(dir, "summary.json"))),
    );
    assert.equal(summary.capacity?.capacity, 5);
    assert.equal(summary.capacity?.headline, HEADLINE);
    assert.equal(summary.runs.length, summary.capacity?.probes.length);
    const md = await Deno.readTextFile(join(d.results, "capacity", "report", "report.md"));
    assert.ok(md.includes(`**${HEADLINE}**`));
    const csv = (await Deno.readTextFile(join(d.results, "capacity", "report", "summary.csv")))
      .split("\n");
    const header = csv[0].split(",");
    assert.equal(csv[1].split(",")[header.indexOf("capacity")], "5");

    // A kept night that held 8 users: 5 now is −37.5%, past the 10% threshold.
    await Deno.mkdir(baseline, { recursive: true });
    const kept = { ...summary, capacity: { ...summary.capacity!, capacity: 8 } };
    await Deno.writeTextFile(join(baseline, "summary.json"), JSON.stringify(kept));
    const red = await runPipelineCli(FILE, d, set, 60_000);
    assert.equal(red.code, 1, red.stderr);
    assertNoStack(red.stderr);
    const m = await manifestOf(red);
    assert.deepEqual([m.stages.capacity.status, m.stages.report.status], ["cached", "failed"]);
    assert.match(red.stderr, /Found \d+ regression\(s\) against baseline/);
  });
});
