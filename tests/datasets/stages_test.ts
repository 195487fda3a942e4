/** @module Tests for the dataset stages convert-sharegpt, convert-longbench and merge. */
import assert from "node:assert/strict";
import type { TaskContext } from "../../src/pipeline/task.ts";
import convertLongbench from "../../tasks/convert_longbench.ts";
import convertSharegpt from "../../tasks/convert_sharegpt.ts";
import convertMooncake from "../../tasks/convert_mooncake.ts";
import merge from "../../tasks/merge.ts";
import synthesize from "../../tasks/synthesize.ts";
import { TASKS } from "../../tasks/mod.ts";
import { example, listDir, readJsonl, withTempDir } from "./helpers.ts";

/** A stage context writing into `outDir`, collecting log lines and progress. */
function context(outDir: string, stage: string) {
  const logs: string[] = [];
  const progress = { total: 0, done: 0 };
  const ctx: TaskContext = {
    stage,
    outDir,
    needs: {},
    signal: new AbortController().signal,
    log: (m) => logs.push(m),
    progress: {
      total: (n) => void (progress.total = n),
      advance: (n) => void (progress.done += n),
      status: () => {},
    },
  };
  return { ctx, logs, progress };
}

Deno.test("dataset stages are registered under their pipeline names", () => {
  assert.equal(TASKS["convert-sharegpt"], convertSharegpt);
  assert.equal(TASKS["convert-longbench"], convertLongbench);
  assert.equal(TASKS["merge"], merge);
  assert.equal(TASKS["synthesize"], synthesize);
  assert.equal(TASKS["convert-mooncake"], convertMooncake);
});

Deno.test("convert-mooncake stage names its trace as input and writes sessions and stats", async () => {
  await withTempDir(async (dir) => {
    const trace = `${dir}/trace.jsonl`;
    await Deno.writeTextFile(
      trace,
      JSON.stringify({ timestamp: 0, input_length: 700, output_length: 9, hash_ids: [1, 2] }) +
        "\n",
    );
    const out = `${dir}/out`;
    await Deno.mkdir(out);
    const params = convertMooncake.schema.parse({ input: trace });
    assert.equal(params.block_size, 512);
    assert.deepEqual(convertMooncake.inputs?.(params), [trace]);
    const { ctx, logs } = context(out, "trace");
    const result = await convertMooncake.run(params, ctx);
    assert.deepEqual(result?.outputs, { sessions: "sessions.jsonl", stats: "stats.json" });
    assert.equal((await readJsonl(`${out}/sessions.jsonl`)).length, 1);
    assert.ok(
      logs.some((l) => l.startsWith("wrote 1 one-turn session to sessions.jsonl")),
      logs.join("\n"),
    );
  });
});

Deno.test("synthesize stage takes a spec file or an inline spec, and names only a file as input", async () => {
  await withTempDir(async (dir) => {
    const file = example("synthesize/shared_prefix.yaml");
    const fromFile = synthesize.schema.parse({ spec: file });
    assert.deepEqual(synthesize.inputs?.(fromFile), [file]);
    const inline = synthesize.schema.parse({ spec: { sessions: 3, turns: 2 } });
    assert.deepEqual(synthesize.inputs?.(inline), []);
    const { ctx, logs } = context(dir, "synth");
    const result = await synthesize.run(inline, ctx);
    assert.deepEqual(result?.outputs, { sessions: "sessions.jsonl", stats: "stats.json" });
    const sessions = await readJsonl(`${dir}/sessions.jsonl`);
    assert.equal(sessions.length, 3);
    assert.equal(sessions[0].source, "synthesize:synth");
    assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/stats.json`)).output, "sessions.jsonl");
    assert.ok(
      logs.some((l) => /^wrote 3 sessions \(6 turns, 6 requests\) to sessions\.jsonl/.test(l)),
      logs.join("\n"),
    );
    assert.equal(synthesize.schema.safeParse({ spec: { sessions: 0 } }).success, false);
  });
});

Deno.test("convert-sharegpt stage writes sessions.jsonl and stats.json into its folder", async () => {
  await withTempDir(async (dir) => {
    const params = convertSharegpt.schema.parse({ input: example("sharegpt"), min_turns: 2 });
    assert.deepEqual(convertSharegpt.inputs?.(params), [example("sharegpt")]);
    const { ctx, logs, progress } = context(dir, "sharegpt");
    const result = await convertSharegpt.run(params, ctx);
    assert.deepEqual(result?.outputs, { sessions: "sessions.jsonl", stats: "stats.json" });
    assert.deepEqual(await listDir(dir), ["sessions.jsonl", "stats.json"]);
    const stats = JSON.parse(await Deno.readTextFile(`${dir}/stats.json`));
    assert.equal(stats.sessions_written, (await readJsonl(`${dir}/sessions.jsonl`)).length);
    assert.equal(
      stats.output,
      "sessions.jsonl",
      "named inside the stage folder, not by staging path",
    );
    assert.ok(logs.some((l) => /^wrote \d+ sessions to sessions\.jsonl /.test(l)), logs.join("\n"));
    assert.ok(!logs.some((l) => l.includes(dir)), "no staging path in the log");
    assert.ok(logs.some((l) => l.includes("README.md")), "passed-over file named");
    assert.equal(progress.done, progress.total);
  });
});

Deno.test("convert-longbench stage lists only the dataset files it reads as inputs", async () => {
  await withTempDir(async (dir) => {
    const params = convertLongbench.schema.parse({
      input: example("longbench/data"),
      dataset: "narrativeqa",
      num_samples: 4,
    });
    assert.deepEqual(convertLongbench.inputs?.(params), [
      example("longbench/data/narrativeqa.jsonl"),
    ]);
    const { ctx } = context(dir, "longbench");
    await convertLongbench.run(params, ctx);
    const stats = JSON.parse(await Deno.readTextFile(`${dir}/stats.json`));
    assert.equal(stats.samples_used, 4);
    assert.equal(stats.output, "sessions.jsonl");
    assert.equal((await readJsonl(`${dir}/sessions.jsonl`)).length, 2);
  });
});

Deno.test("merge stage joins upstream session files with unique ids", async () => {
  await withTempDir(async (dir) => {
    const up = `${dir}/up`;
    const out = `${dir}/out`;
    await Deno.mkdir(up);
    await Deno.mkdir(out);
    const a = convertSharegpt.schema.parse({ input: example("sharegpt") });
    await convertSharegpt.run(a, context(up, "sharegpt").ctx);
    const params = merge.schema.parse({
      inputs: [`${up}/sessions.jsonl`, example("example_dataset.json"), `${up}/sessions.jsonl`],
      shuffle: true,
      seed: 1,
      limit_per_source: 5,
    });
    await merge.run(params, context(out, "merge").ctx);
    const sessions = await readJsonl<{ session_id: string }>(`${out}/sessions.jsonl`);
    assert.equal(sessions.length, 15);
    assert.equal(new Set(sessions.map((s) => s.session_id)).size, 15);
    assert.deepEqual(await listDir(out), ["sessions.jsonl", "stats.json"]);
    const stats = JSON.parse(await Deno.readTextFile(`${out}/stats.json`));
    assert.equal(stats.output, "sessions.jsonl");
  });
});
