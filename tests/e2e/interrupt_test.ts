/** @module End to end: Ctrl-C and kill -9 mid-sweep (pipeline and bench) keep finished records, cache sound. */
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
  reportRuns,
  stagedRecords,
  stagingDirs,
  statuses,
} from "./_artifacts.ts";
import {
  assertNoStack,
  dirFlags,
  type Dirs,
  fixture,
  runCli,
  runPipelineCli,
  spawnUntil,
  startMockCli,
  withDirs,
} from "./_helpers.ts";

const SLOW = fixture("slow.yaml");
const FAST = ["--set", "mock.itl_ms=0.2"];

/** Starts the slow pipeline and waits until its sweep has written `n` records to staging. */
async function startSweep(d: Dirs, n: number) {
  const { run, finished, value: staging } = await spawnUntil(
    "src/cli/pipeline.ts",
    [SLOW, ...dirFlags(d)],
    `${n} records in staging`,
    () => stagedRecords(d.cache, n),
  );
  const seen = (await completeLines(join(staging, "records.jsonl"))).length;
  return { run, finished, staging, seen };
}

/** The next run (fast mock) completes: sweep and report ran, the cache is sound. */
async function assertNextRunClean(d: Dirs) {
  const r = await runPipelineCli(SLOW, d, FAST);
  assert.equal(r.code, 0, r.stderr);
  assertNoStack(r.stderr);
  assert.deepEqual(statuses(await manifestOf(r)), { mock: "ran", sweep: "ran", report: "ran" });
  assert.ok(await exists(join(d.results, "e2e-slow", "report", "report.md")), "report written");
  await assertCacheSound(d.cache, ["report", "sweep"]);
  assert.deepEqual(await stagingDirs(d.cache), []);
  return r;
}

Deno.test("Ctrl-C mid-sweep exits 130, keeps the finished records in failed/, and the next run completes", async () => {
  await withDirs(async (d) => {
    const { run, finished, seen } = await startSweep(d, 3);
    run.child.kill("SIGINT");
    const r = await finished;
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
    const ok = records.filter((x) => x.ok).length;
    assert.ok(ok >= seen - 2, "finished requests kept as ok");
    for (const x of records) assert.ok(x.ok || x.error_kind === "aborted", JSON.stringify(x));
    const summary = JSON.parse(await Deno.readTextFile(join(kept[0], "summary.json")));
    assert.equal(summary.complete, false);
    const out = join(d.root, "partial-report");
    const rep = await runCli("src/cli/report.ts", [kept[0], "--out", out]);
    assert.equal(rep.code, 0, rep.stderr);
    const md = await Deno.readTextFile(join(out, "report.md"));
    assert.match(md, /Partial results/);
    const rows = reportRuns(md);
    assert.equal(rows.reduce((n, row) => n + row.total, 0), records.length);
    assert.equal(rows.reduce((n, row) => n + (row.errors.aborted ?? 0), 0), records.length - ok);
    await assertNextRunClean(d);
    assert.equal((await failedDirs(d.cache, "sweep")).length, 1, "the interrupted folder is kept");
  });
});

Deno.test("kill -9 mid-sweep leaves no cache entry, and the next run moves its staging to failed/", async () => {
  await withDirs(async (d) => {
    const { run, finished, staging, seen } = await startSweep(d, 3);
    run.child.kill("SIGKILL");
    const r = await finished;
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

Deno.test("SIGTERM mid-sweep stops the run like Ctrl-C: exit 130, records kept in failed/", async () => {
  await withDirs(async (d) => {
    const { run, finished, seen } = await startSweep(d, 2);
    run.child.kill("SIGTERM");
    const r = await finished;
    assert.equal(r.code, 130, r.stderr);
    assertNoStack(r.stderr);
    const m = await manifestOf(r);
    assert.equal(m.status, "interrupted");
    assert.deepEqual(await list(join(d.cache, "cache")), []);
    const kept = await failedDirs(d.cache, "sweep");
    assert.equal(kept.length, 1);
    assert.ok((await readJsonl(join(kept[0], "records.jsonl"))).length >= seen);
  });
});

Deno.test("the run after a kill -9 also clears the killed run's service folders", async () => {
  await withDirs(async (d) => {
    const { run, finished } = await startSweep(d, 1);
    run.child.kill("SIGKILL");
    await finished;
    assert.notDeepEqual(await list(join(d.cache, "services")), []);
    await assertNextRunClean(d);
    assert.deepEqual(await list(join(d.cache, "services")), []);
  });
});

Deno.test("Ctrl-C mid-bench exits 130 and keeps valid records with an incomplete summary", async () => {
  const mock = await startMockCli("--itl-ms 10 --output-dist fixed --output-tokens 32".split(" "));
  try {
    await withDirs(async (d) => {
      const out = join(d.root, "bench");
      const records = join(out, "records.jsonl");
      const { run, finished, value: seen } = await spawnUntil(
        "src/cli/bench.ts",
        [
          ...["--dataset", "examples/example_dataset.json", "--concurrency", "2"],
          ...["--endpoint", `${mock.url}/v1/chat/completions`, "--max-output-tokens", "32"],
          ...["--output-dir", out],
        ],
        "3 bench records",
        async () => {
          const n = (await completeLines(records)).length;
          return n >= 3 ? n : undefined;
        },
      );
      run.child.kill("SIGINT");
      const r = await finished;
      assert.equal(r.code, 130, r.stderr);
      assertNoStack(r.stderr);
      const kept = await readJsonl<{ ok: boolean; error_kind: string | null }>(records);
      assert.ok(kept.length >= seen, `${kept.length} records kept, ${seen} seen before Ctrl-C`);
      for (const x of kept) assert.ok(x.ok || x.error_kind === "aborted", JSON.stringify(x));
      const summary = JSON.parse(await Deno.readTextFile(join(out, "summary.json")));
      assert.equal(summary.complete, false);
    });
  } finally {
    const stopped = await mock.stop();
    assert.equal(stopped.code, 0, stopped.stderr);
  }
});
