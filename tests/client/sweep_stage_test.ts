/** @module Tests of the `sweep` pipeline stage: params, outputs, progress, interruption. */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { TaskContext } from "../../src/pipeline/task.ts";
import { TASKS } from "../../tasks/mod.ts";
import sweep from "../../tasks/sweep.ts";
import { startMockServer } from "../../mock/server.ts";
import { UserError } from "../../src/util/errors.ts";

const DATASET = new URL("../testdata/client/sessions.jsonl", import.meta.url).pathname;

function context(outDir: string, abort = new AbortController()) {
  const logs: string[] = [];
  let abortAt = "";
  let total = 0;
  let done = 0;
  const ctx: TaskContext = {
    stage: "sweep",
    outDir,
    needs: {},
    signal: abort.signal,
    log: (m) => void logs.push(m),
    progress: {
      total: (n) => void (total = n),
      advance: (n) => void (done += n),
      status: (text) => {
        if (text === abortAt) abort.abort();
      },
    },
  };
  const abortWhen = (status: string) => void (abortAt = status);
  return { ctx, logs, counts: () => ({ total, done }), abortWhen };
}

Deno.test("sweep stage is registered, reads snake_case params and returns its two files", async () => {
  assert.equal(TASKS.sweep, sweep);
  const server = await startMockServer({ preset: "fast" });
  const dir = await Deno.makeTempDir({ prefix: "turnbench-stage-" });
  try {
    const params = sweep.schema.parse({
      dataset: DATASET,
      endpoint: `${server.url}/v1/chat/completions`,
      concurrency: "2",
      rounds: 2,
      api_key: "sk-stage-secret",
      debug: true,
    });
    assert.deepEqual(sweep.inputs!(params), [DATASET]);
    const hf = sweep.schema.parse({
      ...params,
      tokenizer: "hf:models/x",
      chat_template: "t.jinja",
    });
    assert.deepEqual(
      sweep.inputs!(hf),
      [DATASET, "models/x", "t.jinja"],
      "tokenizer files are inputs",
    );
    assert.deepEqual(sweep.secrets, ["api_key"]);
    const { ctx, logs, counts } = context(dir);
    const result = await sweep.run(params, ctx);
    assert.deepEqual(result, { outputs: { records: "records.jsonl", summary: "summary.json" } });
    assert.deepEqual(counts(), { total: 12, done: 12 });
    assert.equal(logs.filter((l) => l.startsWith("round")).length, 2);
    const debug = [...Deno.readDirSync(join(dir, "debug"))];
    assert.equal(debug.length, 2);
    const summary = await Deno.readTextFile(join(dir, "summary.json"));
    assert.ok(!summary.includes("sk-stage-secret"));
  } finally {
    await Deno.remove(dir, { recursive: true });
    await server.stop();
  }
});

Deno.test("sweep stage fails when interrupted so a partial sweep is never cached", async () => {
  const server = await startMockServer({ preset: "fast" });
  const dir = await Deno.makeTempDir({ prefix: "turnbench-stage-" });
  try {
    const { ctx, abortWhen } = context(dir);
    abortWhen("round2_conc1");
    const params = sweep.schema.parse({
      dataset: DATASET,
      endpoint: `${server.url}/v1/chat/completions`,
    });
    await assert.rejects(sweep.run(params, ctx), (e: Error) => e instanceof UserError);
    const summary = JSON.parse(await Deno.readTextFile(join(dir, "summary.json")));
    assert.equal(summary.complete, false);
    assert.deepEqual(summary.runs.map((r: { complete: boolean }) => r.complete), [true, false]);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await server.stop();
  }
});
