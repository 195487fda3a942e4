/**
 * @module End to end: pipelines/shared-prefix.yaml and pipelines/agentic.yaml (synthesize → mock
 * → sweep → report) run green; the shared-prefix sweep shows the hit rate its spec implies within
 * 2 points, worked out here from the spec in the pipeline file; the agentic sweep replays tool
 * steps that grow the context, against a mock that answers with tool calls.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { expectedHitRate } from "../../src/datasets/expected_hit_rate.ts";
import { checkSpec } from "../../src/datasets/synthesize_spec.ts";
import type { RequestRecord } from "../../src/results/record.ts";
import type { SweepSummary } from "../../src/results/summary.ts";
import { manifestOf, readJsonl, statuses } from "./_artifacts.ts";
import { assertNoStack, REPO, runPipelineCli, withDirs } from "./_helpers.ts";

Deno.test("shared-prefix pipeline shows the cache hit rate its spec implies, within 2 points", async () => {
  await withDirs(async (d) => {
    const file = "pipelines/shared-prefix.yaml";
    const r = await runPipelineCli(file, d, [], 120_000);
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r.stderr);
    assert.deepEqual(statuses(await manifestOf(r)), {
      sessions: "ran",
      mock: "ran",
      sweep: "ran",
      report: "ran",
    });
    const pipeline = parse(await Deno.readTextFile(join(REPO, file)));
    const spec = checkSpec(pipeline.stages.sessions.with.spec, file);
    const implied = [1, 2].map((round) =>
      expectedHitRate(spec, { blockSize: 16, round: round as 1 | 2 })
    );
    const summary: SweepSummary = JSON.parse(
      await Deno.readTextFile(join(d.results, "shared-prefix", "sweep", "summary.json")),
    );
    assert.equal(summary.runs.length, 4);
    for (const run of summary.runs) {
      const want = implied[run.round - 1];
      assert.ok(
        Math.abs(run.cache_hit_rate! - want) <= 0.02,
        `round ${run.round} c=${run.concurrency}: ${run.cache_hit_rate} vs implied ${want}`,
      );
    }
    const md = await Deno.readTextFile(join(d.results, "shared-prefix", "report", "report.md"));
    assert.match(md, /^# turnbench shared prefix$/m);
  });
});

Deno.test("agentic pipeline replays tool steps against a mock that answers with tool calls", async () => {
  await withDirs(async (d) => {
    const r = await runPipelineCli("pipelines/agentic.yaml", d, [], 120_000);
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r.stderr);
    const records = await readJsonl<RequestRecord>(
      join(d.results, "agentic", "sweep", "records.jsonl"),
    );
    assert.ok(records.length > 0 && records.every((x) => x.ok), "every request succeeds");
    const steps = records.filter((x) => x.tool_step > 0);
    assert.ok(steps.length > records.length / 3, `${steps.length} tool-step requests`);
    assert.ok(steps.every((x) => x.tool_calls_sent > 0));
    const calls = records.filter((x) => x.tool_calls > 0).length / records.length;
    assert.ok(calls > 0.15 && calls < 0.45, `mock answered ${calls} with tool calls`);
    assert.ok(records.every((x) => x.stopped_early === false), "exact lengths kept");
    assert.ok(Math.max(...records.map((x) => x.prompt_tokens)) > 4000, "large tool results");
    const md = await Deno.readTextFile(join(d.results, "agentic", "report", "report.md"));
    assert.match(md, /^# turnbench agentic$/m);
  });
});
