/** @module End to end: two pipeline runs on one cache at once both succeed and leave it sound. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  assertCacheSound,
  exists,
  list,
  manifestOf,
  readJsonl,
  stagingDirs,
  statuses,
} from "./_artifacts.ts";
import {
  assertNoStack,
  dirFlags,
  fixture,
  runPipelineCli,
  spawnCli,
  withDirs,
} from "./_helpers.ts";

const FILE = fixture("concurrent.yaml");

Deno.test("two pipeline runs on one cache at once both exit 0 and leave every entry whole", async () => {
  await withDirs(async (d) => {
    const runs = [0, 1].map(() => spawnCli("src/cli/pipeline.ts", [FILE, ...dirFlags(d)]));
    const results = await Promise.all(runs.map((r) => r.finish(60_000)));
    for (const r of results) {
      assert.equal(r.code, 0, r.stderr);
      assertNoStack(r.stderr);
      const s = statuses(await manifestOf(r));
      assert.equal(s.report === "ran" || s.report === "cached", true, JSON.stringify(s));
      assert.equal(s.sweep === "ran" || s.sweep === "cached", true, JSON.stringify(s));
    }
    const entries = await assertCacheSound(d.cache, ["report", "sweep"]);
    assert.deepEqual(await stagingDirs(d.cache), [], "no staging folder left");
    assert.deepEqual(await list(join(d.cache, "failed")), [], "nothing failed");
    const stray = (await list(join(d.cache, "cache"))).filter((n) => n.includes("."));
    assert.deepEqual(stray, [], "no half-moved or trash folders");
    assert.deepEqual(await list(join(d.results, "e2e-concurrent")), ["report", "sweep"]);
    const records = await readJsonl<{ ok: boolean }>(
      join(d.results, "e2e-concurrent", "sweep", "records.jsonl"),
    );
    assert.ok(records.length > 0 && records.every((r) => r.ok));

    const third = await runPipelineCli(FILE, d);
    assert.equal(third.code, 0, third.stderr);
    const m = await manifestOf(third);
    assert.deepEqual(statuses(m), { mock: "skipped", sweep: "cached", report: "cached" });
    assert.equal(m.stages.mock.started_at, undefined, "the mock was not started");
    for (const e of entries) assert.ok(await exists(join(d.cache, "cache", e.key)));
    assert.equal(m.stages.sweep.key, entries.find((e) => e.stage === "sweep")!.key);
  });
});
