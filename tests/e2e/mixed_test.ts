/** @module End to end: pipelines/mixed.yaml on the fast mock, its cache, and a changed input. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertCacheSound, list, manifestOf, readJsonl, statuses } from "./_artifacts.ts";
import { assertNoStack, type Dirs, REPO, runPipelineCli, withDirs } from "./_helpers.ts";

const MIXED = "pipelines/mixed.yaml";

/** mixed.yaml made quick: the fast mock, short answers, one load level, six sessions. */
function quick(d: Dirs): string[] {
  return [
    ["mock.preset=fast", "sweep.max_output_tokens=16", "sweep.concurrency=[4]"],
    ["sweep.num_samples=6", `longbench.input=${join(d.root, "longbench")}`],
  ].flat().flatMap((s) => ["--set", s]);
}

Deno.test("mixed pipeline runs every stage, reruns from the cache, and reruns only what a changed input touches", async () => {
  await withDirs(async (d) => {
    const lb = join(d.root, "longbench");
    await Deno.mkdir(lb);
    for (const name of await list(join(REPO, "examples/longbench/data"))) {
      await Deno.copyFile(join(REPO, "examples/longbench/data", name), join(lb, name));
    }
    const first = await runPipelineCli(MIXED, d, quick(d));
    assert.equal(first.code, 0, first.stderr);
    assertNoStack(first.stderr);
    const all = ["sharegpt", "longbench", "merge", "mock", "sweep", "report"];
    assert.deepEqual(
      statuses(await manifestOf(first)),
      Object.fromEntries(all.map((s) => [s, "ran"])),
    );
    const records = await readJsonl<{ ok: boolean; session_id: string }>(
      join(d.results, "mixed", "sweep", "records.jsonl"),
    );
    assert.ok(records.length > 0 && records.every((r) => r.ok));
    assert.ok(
      records.some((r) => r.session_id.startsWith("longbench")),
      "LongBench sessions swept",
    );
    assert.ok(records.some((r) => r.session_id.startsWith("sharegpt")), "ShareGPT sessions swept");

    const second = await runPipelineCli(MIXED, d, quick(d));
    assert.equal(second.code, 0, second.stderr);
    const cached = statuses(await manifestOf(second));
    assert.deepEqual(cached, {
      ...Object.fromEntries(all.map((s) => [s, "cached"])),
      mock: "skipped",
    });

    await Deno.remove(join(lb, "qasper_e.jsonl"));
    const third = await runPipelineCli(MIXED, d, quick(d));
    assert.equal(third.code, 0, third.stderr);
    const m = await manifestOf(third);
    assert.equal(m.stages.sharegpt.status, "cached");
    assert.equal(m.stages.longbench.status, "ran");
    assert.match(m.stages.longbench.why ?? "", /^input changed/);
    assert.equal(m.stages.merge.status, "ran");
    assert.match(m.stages.merge.why ?? "", /^upstream changed \(.*longbench/);
    // The first run's job entries, plus one new entry for each job the changed input re-ran.
    const jobs = all.filter((s) => s !== "mock");
    assert.deepEqual(jobs.filter((s) => m.stages[s].status === "ran"), [
      "longbench",
      "merge",
      "sweep",
      "report",
    ]);
    await assertCacheSound(d.cache, [...jobs, "longbench", "merge", "sweep", "report"]);
  });
});
