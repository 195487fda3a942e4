/**
 * @module End to end: pipelines/mixed.yaml on the fast mock (round 2 warm: what the cache saved
 * shows), its cache, a changed input; and pipelines/mixed-cold.yaml, its cold control.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertCacheSound, list, manifestOf, readJsonl, statuses } from "./_artifacts.ts";
import { assertNoStack, type Dirs, REPO, runPipelineCli, withDirs } from "./_helpers.ts";

const MIXED = "pipelines/mixed.yaml";
const MIXED_COLD = "pipelines/mixed-cold.yaml";

/** What the tests read of a record and of a run summary. */
interface Rec {
  ok: boolean;
  session_id: string;
  round: number;
  turn_index: number;
  cached_tokens: number | null;
  token_source: string | null;
  expected_cached_tokens: number | null;
}
interface Run {
  round: number;
  cache_truth: { verdict: string | null; reset: { cleared: boolean | null } | null };
  token_check: { ratio: number | null };
}

const firstTurnsCached = (records: Rec[], round: number) =>
  records.filter((r) => r.round === round && r.turn_index === 0)
    .reduce((n, r) => n + (r.cached_tokens ?? 0), 0);

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
    const sweepDir = join(d.results, "mixed", "sweep");
    const records = await readJsonl<Rec>(join(sweepDir, "records.jsonl"));
    assert.ok(records.length > 0 && records.every((r) => r.ok));
    assert.ok(records.every((r) => r.token_source === "gpt" && r.expected_cached_tokens !== null));
    // Round 2 comes back to a warm cache: its first turns are served from round 1's prompts (in
    // round 1 they hit only what other sessions sent: LongBench sessions on one document).
    const warmFirst = firstTurnsCached(records, 2);
    assert.ok(warmFirst > 2 * firstTurnsCached(records, 1), "round 2 warm");
    const summary = JSON.parse(await Deno.readTextFile(join(sweepDir, "summary.json")));
    const runs = summary.runs as Run[];
    assert.deepEqual(runs.map((r) => r.cache_truth.verdict), ["agree", "agree"]);
    assert.deepEqual(runs.map((r) => r.cache_truth.reset?.cleared ?? null), [true, null]);
    assert.deepEqual(runs.map((r) => r.token_check.ratio), [1, 1]);
    assert.deepEqual(summary.warnings, []);
    const md = await Deno.readTextFile(join(d.results, "mixed", "report", "report.md"));
    assert.match(md, /Same sessions coming back: a lower TTFT in later rounds/);
    assert.match(md, /## Cache truth: expected, reported, scraped/);
    assert.match(md, /## First turn against follow-ups/);
    assert.doesNotMatch(md, /did not clear/);
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

    // The cold control: the same sessions (converted stages from the cache), reset before round 2.
    const cold = await runPipelineCli(MIXED_COLD, d, quick(d));
    assert.equal(cold.code, 0, cold.stderr);
    const coldStages = statuses(await manifestOf(cold));
    assert.equal(coldStages.sharegpt, "cached");
    assert.equal(coldStages.sweep, "ran");
    const coldDir = join(d.results, "mixed-cold", "sweep");
    const coldRecords = await readJsonl<Rec>(join(coldDir, "records.jsonl"));
    const coldFirst = firstTurnsCached(coldRecords, 2);
    assert.ok(
      coldFirst < warmFirst / 2,
      `round 2 cold: first turns ${coldFirst} against ${warmFirst}`,
    );
    const coldSummary = JSON.parse(await Deno.readTextFile(join(coldDir, "summary.json")));
    assert.deepEqual(
      (coldSummary.runs as Run[]).map((r) => r.cache_truth.reset?.cleared),
      [true, true],
    );
    const coldMd = await Deno.readTextFile(join(d.results, "mixed-cold", "report", "report.md"));
    assert.match(coldMd, /The cache was reset before every round/);
  });
});
