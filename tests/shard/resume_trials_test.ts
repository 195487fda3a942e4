/** @module Resume of a repeated sweep: finished runs are kept per trial, an unfinished trial redone. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { resumeHooks } from "../../src/shard/resume.ts";
import { SweepSummary } from "../../src/results/summary.ts";
import { withTempDir } from "../report/helpers.ts";
import { writeTrialSweep } from "../report/_trial_sweeps.ts";

Deno.test("resume keeps a repeated sweep's finished runs by trial and drops the unfinished trial's records", async () => {
  await withTempDir(async (dir) => {
    await writeTrialSweep(dir, { trials: [1, 1, 1], sessions: 4 });
    const path = join(dir, "summary.json");
    const old = SweepSummary.parse(JSON.parse(await Deno.readTextFile(path)));
    // Killed during trial 2: summary.json lists trials 0 and 1 only.
    await Deno.writeTextFile(path, JSON.stringify({ ...old, runs: old.runs.slice(0, 2) }));
    const hooks = resumeHooks(dir);
    await hooks.start!({ ...old, runs: [] });
    const level = { concurrency: 4, rate: null } as const;
    assert.equal(hooks.kept!(1, level, 0)?.trial, undefined, "trial 0 kept (no trial field)");
    assert.ok(hooks.kept!(1, level, 0));
    assert.equal(hooks.kept!(1, level, 1)?.trial, 1);
    assert.equal(hooks.kept!(1, level, 2), undefined, "the unfinished trial is measured again");
    const trials = (await Deno.readTextFile(join(dir, "records.jsonl"))).trim().split("\n")
      .map((l) => JSON.parse(l).trial);
    assert.deepEqual([...new Set(trials)], [0, 1]);
  });
});
