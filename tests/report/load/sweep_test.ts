/** @module Tests of reading a results folder: streaming records, partial sweeps, bad lines. */
import assert from "node:assert/strict";
import { loadSweep } from "../../../src/report/load/sweep.ts";
import { buildModel } from "../../../src/report/model/model.ts";
import { runKey } from "../../../src/report/load/run_key.ts";
import { scanRecords, SCATTER_POINTS_PER_ROUND } from "../../../src/report/load/scan.ts";
import { copyFixture, PARTIAL, RESULTS, withTempDir } from "../helpers.ts";

Deno.test("distributions recomputed from records match the sweep's summary", async () => {
  const sweep = await loadSweep(RESULTS);
  const scan = await scanRecords(`${RESULTS}/records.jsonl`, { summarize: () => true });
  assert.equal(scan.runs.size, sweep.summary.runs.length);
  for (const run of sweep.summary.runs) {
    const records = scan.runs.get(runKey(run));
    assert.ok(records?.summary, "every run has records");
    for (const d of ["ttft_ms", "itl_ms", "tpot_ms", "e2e_ms"] as const) {
      assert.deepEqual(records.summary[d], run[d], d);
    }
    assert.equal(records.requests, run.requests.total);
    assert.deepEqual(records.summary.requests, run.requests);
  }
});

Deno.test("only runs the summary lacks are summarized from their records", async () => {
  const sweep = await loadSweep(RESULTS);
  assert.ok([...sweep.scan!.runs.values()].every((r) => r.summary === null));
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    summary.runs[0].itl_ms = null;
    summary.runs.pop();
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
    const scan = (await loadSweep(dir)).scan!;
    const summarized = [...scan.runs.values()].filter((r) => r.summary).map((r) => runKey(r));
    assert.deepEqual(summarized, [runKey(summary.runs[0]), "2|c8"]);
    const model = await buildModel({ results: dir });
    assert.deepEqual(model.views[0].summary.itl_ms, sweep.summary.runs[0].itl_ms, "filled in");
  });
});

Deno.test("a run missing from summary.json is rebuilt from its records and marked partial", async () => {
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    const dropped = summary.runs.pop();
    summary.complete = false;
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
    const model = await buildModel({ results: dir });
    const rebuilt = model.views.find((v) =>
      v.round === dropped.round && v.concurrency === dropped.concurrency
    )!;
    assert.equal(rebuilt.source, "records");
    assert.equal(rebuilt.summary.complete, false);
    assert.deepEqual(rebuilt.summary.ttft_ms, dropped.ttft_ms);
    assert.deepEqual(rebuilt.summary.itl_ms, dropped.itl_ms);
    assert.deepEqual(rebuilt.summary.requests, dropped.requests);
    assert.equal(model.complete, false);
    assert.deepEqual(model.incompleteRuns, ["R2 c=8"]);
    assert.ok(model.notes.some((n) => n.includes("R2 c=8 is missing from summary.json")));
  });
});

Deno.test("an interrupted sweep reports its partial run and skips a cut-off last line", async () => {
  const model = await buildModel({ results: PARTIAL });
  assert.equal(model.complete, false);
  assert.deepEqual(model.incompleteRuns, ["R2 c=2"]);
  assert.deepEqual(model.notes, [
    "records.jsonl:98: last line is cut off (interrupted write); skipped",
  ]);
});

Deno.test("a bad record line in the middle names file and line", async () => {
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    const lines = (await Deno.readTextFile(`${dir}/records.jsonl`)).split("\n");
    lines[4] = JSON.stringify({ ...JSON.parse(lines[4]), ttft_ms: "fast" });
    lines[9] = "{not json";
    await Deno.writeTextFile(`${dir}/records.jsonl`, lines.join("\n"));
    await assert.rejects(
      () => scanRecords(`${dir}/records.jsonl`),
      (e: Error) =>
        e.name === "InputError" &&
        e.message.startsWith(`${dir}/records.jsonl:5: Cannot read request record: field "ttft_ms"`),
    );
    lines[4] = lines[5];
    await Deno.writeTextFile(`${dir}/records.jsonl`, lines.join("\n"));
    await assert.rejects(
      () => scanRecords(`${dir}/records.jsonl`),
      (e: Error) =>
        e.name === "InputError" &&
        e.message.startsWith(`${dir}/records.jsonl:10: not valid JSON: `),
    );
  });
});

Deno.test("a results folder without records still reports from summary.json", async () => {
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    await Deno.remove(`${dir}/records.jsonl`);
    const model = await buildModel({ results: dir });
    assert.equal(model.rows.length, 4);
    assert.equal(model.rows[0].ttft_ms_p50, model.views[0].summary.ttft_ms!.p50);
    assert.equal(model.rows[0].context_tokens_mean, null);
    assert.ok(model.notes[0].startsWith("No records.jsonl"));
  });
});

Deno.test("a missing results folder and a bad summary are one-line user errors", async () => {
  await assert.rejects(
    () => loadSweep("/nonexistent/turnbench"),
    {
      name: "UserError",
      message: `Cannot read results folder "/nonexistent/turnbench": not found`,
    },
  );
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    delete summary.config.model;
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
    await assert.rejects(() => loadSweep(dir), (e: Error) =>
      e.name === "InputError" &&
      e.message ===
        `${dir}/summary.json: not a sweep summary: config.model: Invalid input: expected string, received undefined`);
  });
});

Deno.test("scatter points are sampled down to a bound, the same way every time", async () => {
  const a = await scanRecords(`${RESULTS}/records.jsonl`);
  const b = await scanRecords(`${RESULTS}/records.jsonl`);
  assert.deepEqual(a.scatter, b.scatter);
  assert.equal(a.scatter.get(1)!.length, 74, "all ok round-1 requests fit under the bound");
  await withTempDir(async (dir) => {
    const one = JSON.parse((await Deno.readTextFile(`${RESULTS}/records.jsonl`)).split("\n")[0]);
    const many = Array.from(
      { length: SCATTER_POINTS_PER_ROUND * 3 },
      (_, i) => JSON.stringify({ ...one, ok: true, ttft_ms: i, context_tokens: i }),
    ).join("\n");
    await Deno.writeTextFile(`${dir}/records.jsonl`, many);
    const big = await scanRecords(`${dir}/records.jsonl`);
    const points = big.scatter.get(one.round)!;
    assert.equal(points.length, SCATTER_POINTS_PER_ROUND);
    assert.ok(
      points.some(([x]) => x >= SCATTER_POINTS_PER_ROUND * 2),
      "later records get drawn too",
    );
  });
});
