/** @module End to end: pipelines/smoke.yaml runs green, reruns from the cache, and re-reports old numbers. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertCacheSound, manifestOf, readJsonl, statuses } from "./_artifacts.ts";
import { assertNoStack, type Dirs, runPipelineCli, withDirs } from "./_helpers.ts";

const SMOKE = "pipelines/smoke.yaml";

/** First run of smoke.yaml on fresh dirs: everything ran and the results are in place. */
async function firstRun(d: Dirs) {
  const r = await runPipelineCli(SMOKE, d);
  assert.equal(r.code, 0, r.stderr);
  assertNoStack(r.stderr);
  const m = await manifestOf(r);
  assert.equal(m.status, "ok");
  assert.deepEqual(statuses(m), { mock: "ran", sweep: "ran", report: "ran" });
  const records = await readJsonl<{ ok: boolean }>(
    join(d.results, "smoke", "sweep", "records.jsonl"),
  );
  assert.ok(records.length > 0 && records.every((x) => x.ok), "every smoke request succeeds");
  return m;
}

Deno.test("smoke pipeline runs green from an empty cache, and its second run is fully cached without the mock", async () => {
  await withDirs(async (d) => {
    const first = await firstRun(d);
    const md = await Deno.readTextFile(join(d.results, "smoke", "report", "report.md"));
    assert.match(md, /^# turnbench smoke$/m);
    const again = await runPipelineCli(SMOKE, d);
    assert.equal(again.code, 0, again.stderr);
    const m = await manifestOf(again);
    assert.deepEqual(statuses(m), { mock: "skipped", sweep: "cached", report: "cached" });
    assert.equal(m.stages.mock.started_at, undefined, "the mock was not started");
    assert.doesNotMatch(again.stderr, /mock listening|▶/);
    for (const s of ["sweep", "report"]) assert.equal(m.stages[s].key, first.stages[s].key);
    await assertCacheSound(d.cache, ["report", "sweep"]);
  });
});

Deno.test("--only report --force report remakes the report from cached sweep results without measuring", async () => {
  await withDirs(async (d) => {
    const first = await firstRun(d);
    const recordsFile = join(d.results, "smoke", "sweep", "records.jsonl");
    const before = await Deno.readFile(recordsFile);
    const r = await runPipelineCli(SMOKE, d, ["--only", "report", "--force", "report"]);
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r.stderr);
    const m = await manifestOf(r);
    assert.equal(m.stages.sweep.status, "cached");
    assert.equal(m.stages.sweep.key, first.stages.sweep.key);
    assert.equal(m.stages.report.status, "ran");
    assert.equal(m.stages.report.why, "forced");
    assert.notEqual(m.stages.mock.status, "ran", "the mock was not started");
    assert.doesNotMatch(r.stderr, /mock listening/);
    assert.deepEqual(await Deno.readFile(recordsFile), before, "records.jsonl byte-identical");
    const md = await Deno.readTextFile(join(d.results, "smoke", "report", "report.md"));
    assert.ok(md.includes(first.stages.sweep.dir!), "the report reads the cached sweep entry");
    await assertCacheSound(d.cache, ["report", "sweep"]);
  });
});

Deno.test("--force sweep re-measures and the results point at the new records", async () => {
  await withDirs(async (d) => {
    await firstRun(d);
    const recordsFile = join(d.results, "smoke", "sweep", "records.jsonl");
    const before = await readJsonl<{ started_at: number }>(recordsFile);
    const r = await runPipelineCli(SMOKE, d, ["--force", "sweep"]);
    assert.equal(r.code, 0, r.stderr);
    const m = await manifestOf(r);
    assert.equal(m.stages.sweep.status, "ran");
    const after = await readJsonl<{ started_at: number }>(recordsFile);
    assert.ok(
      after[0].started_at > before.at(-1)!.started_at,
      "the linked records are the new measurement, not the old entry",
    );
    assert.equal(m.stages.report.status, "ran", "the report follows the new numbers");
    await assertCacheSound(d.cache, ["report", "report", "sweep"]);
  });
});
