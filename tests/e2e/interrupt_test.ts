/** @module End to end: Ctrl-C and kill -9 mid-sweep keep finished records and leave the cache sound. */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import {
  assertCacheSound,
  completeLines,
  exists,
  failedDirs,
  list,
  manifestOf,
  readJsonl,
  stagingDirs,
  statuses,
  waitForStagedRecords,
} from "./_artifacts.ts";
import {
  assertNoStack,
  dirFlags,
  type Dirs,
  fixture,
  runPipelineCli,
  spawnCli,
  withDirs,
} from "./_helpers.ts";

const SLOW = fixture("slow.yaml");
const FAST = ["--set", "mock.itl_ms=0.2"];

/** Starts the slow pipeline and waits until its sweep has written `n` records to staging. */
async function startSweep(d: Dirs, n: number) {
  const run = spawnCli("src/cli/pipeline.ts", [SLOW, ...dirFlags(d)]);
  try {
    const staging = await waitForStagedRecords(d.cache, n);
    return { run, staging, seen: (await completeLines(join(staging, "records.jsonl"))).length };
  } catch (error) {
    run.child.kill("SIGKILL");
    await run.finish(10_000).catch(() => {});
    throw new Error(`${(error as Error).message}\n${run.stderr()}`);
  }
}

/** The next run (fast mock) completes: sweep and report ran, the cache is sound. */
async function assertNextRunClean(d: Dirs) {
  const r = await runPipelineCli(SLOW, d, FAST);
  assert.equal(r.code, 0, r.stderr);
  assertNoStack(r.stderr);
  assert.deepEqual(statuses(await manifestOf(r)), { mock: "ran", sweep: "ran", report: "ran" });
  assert.ok(await exists(join(d.results, "e2e-slow", "report", "report.md")), "report written");
  const stages = (await assertCacheSound(d.cache)).map((e) => e.stage).sort();
  assert.deepEqual(stages, ["report", "sweep"]);
  assert.deepEqual(await stagingDirs(d.cache), []);
  return r;
}

Deno.test("Ctrl-C mid-sweep exits 130, keeps the finished records in failed/, and the next run completes", async () => {
  await withDirs(async (d) => {
    const { run, seen } = await startSweep(d, 3);
    run.child.kill("SIGINT");
    const r = await run.finish(20_000);
    assert.equal(r.code, 130, r.stderr);
    assertNoStack(r.stderr);
    const m = await manifestOf(r);
    assert.equal(m.status, "interrupted");
    assert.equal(m.stages.sweep.status, "failed");
    assert.notEqual(m.stages.report.status, "ran");
    assert.ok(m.stages.sweep.key);
    assert.equal(await exists(join(d.cache, "cache", m.stages.sweep.key)), false, "no sweep entry");
    assert.deepEqual(await list(join(d.cache, "cache")), [], "no cache entry at all");
    assert.deepEqual(await stagingDirs(d.cache), [], "staging cleared");
    const kept = await failedDirs(d.cache, "sweep");
    assert.deepEqual(kept, [m.stages.sweep.failed_dir]);
    const records = await readJsonl<{ ok: boolean; error_kind: string | null }>(
      join(kept[0], "records.jsonl"),
    );
    assert.ok(records.length >= seen, `${records.length} records kept, ${seen} seen before Ctrl-C`);
    assert.ok(records.filter((x) => x.ok).length >= seen - 2, "finished requests kept as ok");
    for (const x of records) assert.ok(x.ok || x.error_kind === "aborted", JSON.stringify(x));
    const summary = JSON.parse(await Deno.readTextFile(join(kept[0], "summary.json")));
    assert.equal(summary.complete, false);
    await assertNextRunClean(d);
    assert.equal((await failedDirs(d.cache, "sweep")).length, 1, "the interrupted folder is kept");
  });
});

Deno.test("kill -9 mid-sweep leaves no cache entry, and the next run moves its staging to failed/", async () => {
  await withDirs(async (d) => {
    const { run, staging, seen } = await startSweep(d, 3);
    run.child.kill("SIGKILL");
    const r = await run.finish(20_000);
    assert.equal(r.signal, "SIGKILL");
    const key = basename(staging).split(".")[0];
    assert.deepEqual(await list(join(d.cache, "cache")), [], `no entry (sweep key ${key})`);
    assert.deepEqual(await stagingDirs(d.cache), [staging]);
    const next = await assertNextRunClean(d);
    assert.match(next.stderr, /staging folder of a killed run moved to /);
    assert.equal(await exists(join(d.cache, "cache", key)), false, "the killed key never sealed");
    const kept = await failedDirs(d.cache, "sweep");
    assert.equal(kept.length, 1);
    const lines = await completeLines(join(kept[0], "records.jsonl"));
    assert.ok(lines.length >= seen, `${lines.length} records kept, ${seen} seen before the kill`);
    for (const [i, line] of lines.entries()) {
      assert.doesNotThrow(() => JSON.parse(line), `records.jsonl:${i + 1} is JSON`);
    }
  });
});
