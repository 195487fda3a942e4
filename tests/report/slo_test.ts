/**
 * @module The report of SLO runs and of a capacity search: the headline, the SLO section and its
 * table, the new CSV/JSON columns, the SLO charts with the target and the capacity marked,
 * saturated runs flagged, and a capacity regression against a baseline failing the gate.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { baselineGate } from "../../src/report/baseline_gate.ts";
import { buildCharts } from "../../src/report/charts/registry.ts";
import { buildModel } from "../../src/report/model/model.ts";
import { renderMarkdown } from "../../src/report/render/markdown.ts";
import { renderCsv, reportJson } from "../../src/report/render/tabular.ts";
import { writeReport } from "../../src/report/write.ts";
import { SweepSummary } from "../../src/results/summary.ts";
import { UserError } from "../../src/util/errors.ts";
import { writeCapacityFolder } from "./_capacity_fixture.ts";
import { copyFixture, RESULTS, withTempDir } from "./helpers.ts";

const HEADLINE = "capacity: 5 concurrent conversations (95% CI 5–5) at p50 ITL ≤ 42.5 ms";

Deno.test("a capacity search's report leads with the headline and tabulates every probe", async () => {
  await withTempDir(async (dir) => {
    await writeCapacityFolder(dir);
    const model = await buildModel({ results: dir });
    assert.equal(model.capacity?.headline, HEADLINE);
    const md = renderMarkdown(model);
    assert.ok(md.includes(`${HEADLINE}.`), "the overview ends with the headline");
    assert.ok(md.includes(`## Capacity under the SLO\n\n**${HEADLINE}**`));
    assert.match(md, /\| R1 u=5 t1 \(probe 5\) \| 100\.0% \|/);
    assert.match(
      md,
      /\| R1 u=6 \(probe 3\) \| 0\.0% \| 0\.00 \| 0\.0 \| 0\.0% \| 45\.0 \| ✗ fails \|/,
    );
    assert.ok(!md.includes("Partial results"), "a finished search is not partial");
  });
});

Deno.test("summary.csv and summary.json carry the SLO columns and the capacity on every row", async () => {
  await withTempDir(async (dir) => {
    await writeCapacityFolder(dir);
    const model = await buildModel({ results: dir });
    const byLoad = (users: number) => model.rows.find((r) => r.users === users && r.trial === 0)!;
    assert.deepEqual(
      [
        byLoad(5).slo_attainment_pct,
        byLoad(5).slo_meets,
        byLoad(6).slo_attainment_pct,
        byLoad(6).slo_meets,
      ],
      [100, true, 0, false],
    );
    assert.ok(
      model.rows.every((r) => r.capacity === 5 && r.capacity_low === 5 && r.capacity_high === 5),
    );
    assert.ok(byLoad(5).goodput_rps! > 0 && byLoad(6).goodput_rps === 0);
    const csv = renderCsv(model.rows).split("\n");
    assert.match(
      csv[0],
      /,users,trial,slo_attainment_pct,goodput_rps,goodput_tps,session_goodput_pct,slo_meets,saturated,capacity,capacity_low,capacity_high,/,
    );
    const json = reportJson(model);
    assert.equal((json.capacity as { capacity: number }).capacity, 5);
  });
});

Deno.test("the SLO charts draw every load with the target line and the capacity marked", async () => {
  await withTempDir(async (dir) => {
    await writeCapacityFolder(dir);
    const charts = buildCharts(await buildModel({ results: dir }));
    const spec = (id: string) => charts.find((c) => c.spec.id === id)!;
    for (const id of ["chart-slo-attainment", "chart-goodput", "chart-slo-targets"]) {
      assert.equal(spec(id).section, "slo", id);
    }
    const att = spec("chart-slo-attainment").spec.series;
    assert.deepEqual(att[0].data, [[2, 100], [4, 100], [5, 100], [6, 0], [8, 0]]);
    assert.deepEqual(att.find((s) => s.label === "Target: p50")?.data, [[2, 50], [8, 50]]);
    assert.deepEqual(att.find((s) => s.label === "Capacity 5")?.data, [[5, 0], [5, 100]]);
    const targets = spec("chart-slo-targets").spec.series;
    assert.deepEqual(targets[0].data.map((p) => (p as number[])[0]), [2, 4, 5, 6, 8]);
    assert.deepEqual((targets[0].data as [number, number][]).find(([x]) => x === 6)?.[1], 45);
    assert.deepEqual(targets.find((s) => s.label === "p50 ITL limit 42.5 ms")?.data, [[2, 42.5], [
      8,
      42.5,
    ]]);
  });
});

Deno.test("a sweep without an SLO shows no SLO section and no SLO chart", async () => {
  const model = await buildModel({ results: RESULTS });
  assert.equal(model.capacity, null);
  assert.ok(!renderMarkdown(model).includes("SLO"));
  assert.ok(!buildCharts(model).some((c) => c.section === "slo"));
  assert.ok(model.rows.every((r) => r.slo_attainment_pct === null && r.capacity === null));
});

Deno.test("a server failing the SLO at the lowest load: the report says so", async () => {
  await withTempDir(async (dir) => {
    await writeCapacityFolder(dir, { slo: { itl_ms: { ms: 15, percentile: 50 } } });
    const model = await buildModel({ results: dir });
    assert.equal(model.capacity?.status, "fails_at_min");
    const md = renderMarkdown(model);
    assert.ok(
      md.includes(
        "capacity: none — fails the SLO even at 1 concurrent conversation (p50 ITL ≤ 15 ms)",
      ),
    );
    assert.ok(md.includes("The server fails the SLO even at the lowest load searched (1)"));
    assert.ok(model.rows.every((r) => r.capacity === null));
  });
});

Deno.test("a saturated run is flagged in the runs table and the notes", async () => {
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    const path = join(dir, "summary.json");
    const summary = SweepSummary.parse(JSON.parse(await Deno.readTextFile(path)));
    summary.runs[1].saturated = true;
    await Deno.writeTextFile(path, JSON.stringify(summary));
    const model = await buildModel({ results: dir });
    assert.deepEqual(model.rows.map((r) => r.saturated), [null, true, null, null]);
    const md = renderMarkdown(model);
    assert.match(md, /\| 1 \| c=8 \|.*\| ⚠ saturated \|/);
    assert.ok(md.includes("Run R1 c=8 never reached a steady state"));
  });
});

Deno.test("a capacity below the baseline's by more than the threshold is a regression that fails the gate", async () => {
  await withTempDir(async (dir) => {
    // Baseline: ITL 20 ms → capacity 5. Now ITL 25 ms: f ≤ 1.7 → C ≤ 3.8 → capacity 3 (−40%).
    await writeCapacityFolder(join(dir, "base"));
    await writeCapacityFolder(join(dir, "now"), { itl_ms: 25 });
    const written = await writeReport(
      { results: join(dir, "now"), baseline: join(dir, "base") },
      join(dir, "report"),
    );
    const cap = written.model.baseline?.capacity;
    assert.deepEqual([cap?.baseline, cap?.current, cap?.change, cap?.regression], [
      5,
      3,
      -40,
      true,
    ]);
    assert.ok(written.regressions >= 1);
    const md = await Deno.readTextFile(written.files.markdown);
    assert.match(
      md,
      /\| search \| capacity \(users\) \| higher \| 5\.00 \| 3\.00 \| -40\.0% \| — \| ✗ regression \|/,
    );
    assert.throws(
      () => baselineGate(written, { failOnRegression: true, see: "report.md", log: () => {} }),
      (e: Error) => e instanceof UserError && e.exitCode === 3,
    );
    // Against itself (a report folder as the baseline): no capacity regression.
    const same = await writeReport(
      { results: join(dir, "base"), baseline: join(dir, "report") },
      join(dir, "r2"),
    );
    assert.equal(same.model.baseline?.capacity?.regression, false);
  });
});
