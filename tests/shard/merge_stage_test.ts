/** @module Tests of the `merge-shards` stage: the merge as a cached pipeline stage, partial refused. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runPipeline } from "../../src/pipeline/mod.ts";
import { TASKS } from "../../tasks/mod.ts";
import { fakeShard } from "./_fake_shard.ts";
import { readSummary, tempDir } from "./_helpers.ts";

async function pipeline(dir: string, shards: string, extra = "") {
  const file = join(dir, "merge.yaml");
  await Deno.writeTextFile(
    file,
    `name: mergetest\nstages:\n  merge:\n    task: merge-shards\n    with: { dir: ${
      JSON.stringify(shards)
    }${extra} }\n`,
  );
  const logs: string[] = [];
  const report = await runPipeline({
    file,
    registry: TASKS,
    cwd: dir,
    reporter: { write: (s: string) => void logs.push(s), tty: false },
  });
  return { report, logs: logs.join("") };
}

Deno.test("the merge-shards stage merges a shared folder and is cached until a shard changes", async () => {
  await using tmp = await tempDir("merge-stage");
  const shards = join(tmp.path, "shared");
  await fakeShard(shards, 0, 2);
  await fakeShard(shards, 1, 2);
  const first = await pipeline(tmp.path, shards);
  assert.equal(first.report.exitCode, 0, first.logs);
  const summary = await readSummary(
    join(tmp.path, "results", "mergetest", "merge", "summary.json"),
  );
  assert.deepEqual([summary.complete, summary.runs[0].requests.total], [true, 6]);
  assert.equal((await pipeline(tmp.path, shards)).report.stages.merge.status, "cached");
  await fakeShard(shards, 1, 2, { n: 5 });
  assert.equal((await pipeline(tmp.path, shards)).report.stages.merge.status, "ran");
});

Deno.test("the merge-shards stage fails on a partial merge unless allow_partial", async () => {
  await using tmp = await tempDir("merge-stage-partial");
  const shards = join(tmp.path, "shared");
  await fakeShard(shards, 0, 2);
  const refused = await pipeline(tmp.path, shards);
  assert.equal(refused.report.exitCode, 1);
  assert.match(refused.logs, /Merge is partial: shard 1-of-2 is missing: result is partial/);
  const allowed = await pipeline(tmp.path, shards, ", allow_partial: true");
  assert.equal(allowed.report.exitCode, 0, allowed.logs);
});
