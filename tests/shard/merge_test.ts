/** @module Tests of the exact merge: counts and percentiles of the union, and what it checks. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SweepOptions } from "../../src/client/options.ts";
import { runSweep } from "../../src/client/sweep.ts";
import { mergeShards } from "../../src/shard/merge.ts";
import { runShardSweep } from "../../src/shard/run_shard.ts";
import { summarizeRecords } from "../../src/stats/run_summary.ts";
import { UserError } from "../../src/util/errors.ts";
import { fakeShard } from "./_fake_shard.ts";
import {
  quietProgress,
  readRecords,
  readSummary,
  startMock,
  tempDir,
  writeDataset,
} from "./_helpers.ts";

Deno.test("four shards merge into a single process's request counts and the union's percentiles", async () => {
  await using tmp = await tempDir("merge");
  const mock = await startMock();
  try {
    const dataset = await writeDataset(tmp.path, 24);
    const options = SweepOptions.parse({
      dataset,
      endpoint: `${mock.url}/v1/chat/completions`,
      concurrency: [4, 6],
      rounds: 2,
      max_output_tokens: 32,
    });
    const single = await runSweep(options, {
      outDir: join(tmp.path, "single"),
      progress: quietProgress(),
    });
    const dir = join(tmp.path, "sharded");
    const shards = await Promise.all([0, 1, 2, 3].map((index) =>
      runShardSweep(options, {
        shard: { index, count: 4 },
        dir,
        syncId: "t",
        syncTimeoutMs: 60_000,
        marginMs: 20,
        resume: false,
        progress: quietProgress(),
      })
    ));
    assert.ok(shards.every((s) => s.complete && s.shards?.count === 4));
    // Each shard ran its share of each level: 1 session in flight each at c=4, 2+2+1+1 at c=6.
    const { summary, records, notes } = await mergeShards(dir);
    assert.equal(summary.complete, true);
    assert.deepEqual(summary.shards?.present, [0, 1, 2, 3]);
    assert.deepEqual(summary.shards?.missing, []);
    assert.equal(records, single.runs.reduce((n, r) => n + r.requests.total, 0));
    assert.deepEqual(
      summary.runs.map((r) => [r.round, r.concurrency, r.requests.total, r.requests.ok]),
      single.runs.map((r) => [r.round, r.concurrency, r.requests.total, r.requests.ok]),
    );
    assert.ok(notes.some((n) => n.startsWith("start skew across shards")));
    // The samples spilled to a folder inside the output while merging; it is gone.
    const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(left, ["records.jsonl", "shards", "summary.json"]);
    // The merged files on disk, and percentiles computed from the union of the shards' records.
    assert.deepEqual(await readSummary(join(dir, "summary.json")), summary);
    const merged = await readRecords(join(dir, "records.jsonl"));
    const union = (await Promise.all([0, 1, 2, 3].map((i) =>
      readRecords(join(dir, "shards", `${i}-of-4`, "records.jsonl"))
    ))).flat();
    assert.equal(merged.length, union.length);
    assert.deepEqual(
      new Set(merged.map((r) =>
        `${r.round}/${r.concurrency}/${r.session_id}/${r.turn_index}`
      )),
      new Set(union.map((r) => `${r.round}/${r.concurrency}/${r.session_id}/${r.turn_index}`)),
    );
    for (const run of summary.runs) {
      const mine = union.filter((r) => r.round === run.round && r.concurrency === run.concurrency);
      const expected = summarizeRecords(mine, run);
      for (const f of ["ttft_ms", "itl_ms", "tpot_ms", "e2e_ms"] as const) {
        assert.deepEqual(run[f], expected[f], `${f} of round ${run.round} c=${run.concurrency}`);
      }
      assert.deepEqual(
        new Set(mine.map((r) => r.shard)),
        new Set(["0-of-4", "1-of-4", "2-of-4", "3-of-4"]),
      );
    }
    // Every session ran in exactly one shard, the same in every run.
    const owner = new Map<string, string>();
    for (const r of union) {
      assert.equal(owner.get(r.session_id) ?? r.shard, r.shard, `session ${r.session_id}`);
      owner.set(r.session_id, r.shard!);
    }
  } finally {
    await mock.stop();
  }
});

Deno.test("merge refuses shards that ran a different configuration, naming the field", async () => {
  await using tmp = await tempDir("merge-config");
  await fakeShard(tmp.path, 0, 2);
  await fakeShard(tmp.path, 1, 2, { config: { dataset_digest: "def" } });
  await assert.rejects(
    () => mergeShards(tmp.path),
    (e) =>
      e instanceof UserError &&
      e.message ===
        `Cannot merge shards: "1-of-2" ran a different configuration from "0-of-2": "dataset_digest" is "def", not "abc"`,
  );
});

Deno.test("merge names a missing and an unfinished shard, and says the result is partial", async () => {
  await using tmp = await tempDir("merge-partial");
  await fakeShard(tmp.path, 0, 3);
  await fakeShard(tmp.path, 2, 3, { complete: false });
  const { summary, notes, records } = await mergeShards(tmp.path);
  assert.equal(summary.complete, false);
  assert.equal(summary.runs[0].complete, false);
  assert.deepEqual(summary.shards, {
    count: 3,
    index: null,
    present: [0, 2],
    missing: [1],
    incomplete: [2],
    skew_ms: 0,
    not_overlapping: [],
  });
  assert.equal(records, 6);
  assert.ok(notes.includes("shard 1-of-3 is missing: result is partial"));
  assert.ok(notes.includes("shard 2-of-3 did not finish: result is partial"));
  assert.equal((await readSummary(join(tmp.path, "summary.json"))).complete, false);
});

Deno.test("merge reports shards whose runs did not overlap, and the start skew it sees", async () => {
  await using tmp = await tempDir("merge-overlap");
  await fakeShard(tmp.path, 0, 3, { window: [1000, 2000] });
  await fakeShard(tmp.path, 1, 3, { window: [1004, 2010] });
  await fakeShard(tmp.path, 2, 3, { window: [5000, 6000] });
  const { summary, notes } = await mergeShards(tmp.path);
  assert.equal(summary.shards?.skew_ms, 4000);
  assert.deepEqual(summary.shards?.not_overlapping, [
    { run: "round1_conc4", shard: 0, missed: [2] },
    { run: "round1_conc4", shard: 1, missed: [2] },
    { run: "round1_conc4", shard: 2, missed: [0, 1] },
  ]);
  assert.ok(notes.includes("round1_conc4: shard 2 did not overlap shards 0, 1"));
  // The merged run spans every shard's window; its percentiles come from all 9 records.
  const run = summary.runs[0];
  assert.deepEqual([run.started_at, run.ended_at, run.requests.total], [1000, 6000, 9]);
  assert.equal(run.ttft_ms?.count, 9);
  assert.equal(run.ttft_ms?.p50, 21);
});

Deno.test("merge-shards exits 1 on a partial merge and names what is missing", async () => {
  await using tmp = await tempDir("merge-cli");
  await fakeShard(tmp.path, 0, 2);
  const { main } = await import("../../src/cli/merge_shards.ts");
  const code = await main([tmp.path]);
  assert.equal(code, 1);
  assert.equal((await readSummary(join(tmp.path, "summary.json"))).shards?.missing.toString(), "1");
});
