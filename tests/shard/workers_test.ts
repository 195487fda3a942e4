/** @module Tests of local workers: `workers: 2` on the sweep stage, merged, then reported. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runPipeline } from "../../src/pipeline/mod.ts";
import { TASKS } from "../../tasks/mod.ts";
import { readRecords, readSummary, startMock, tempDir, writeDataset } from "./_helpers.ts";

Deno.test("workers: 2 on the sweep stage runs two shard processes, merges them, and the report reads the merge", async () => {
  await using tmp = await tempDir("workers");
  const mock = await startMock();
  try {
    const dataset = await writeDataset(tmp.path, 24);
    const file = join(tmp.path, "workers.yaml");
    await Deno.writeTextFile(
      file,
      `name: workerstest\nstages:\n  sweep:\n    task: sweep\n    with:\n` +
        `      dataset: ${
          JSON.stringify(dataset)
        }\n      endpoint: \${{ env.TB_TEST_ENDPOINT }}\n` +
        `      api_key: \${{ env.TB_TEST_KEY }}\n` +
        `      concurrency: [2, 4]\n      rounds: 1\n      max_output_tokens: 32\n      workers: 2\n` +
        `  report:\n    task: report\n    needs: [sweep]\n    with: { results: "\${{ sweep.dir }}" }\n`,
    );
    const logs: string[] = [];
    const report = await runPipeline({
      file,
      registry: TASKS,
      cwd: tmp.path,
      env: {
        ...Deno.env.toObject(),
        TB_TEST_ENDPOINT: `${mock.url}/v1/chat/completions`,
        TB_TEST_KEY: "sk-secret-123",
      },
      reporter: { write: (s: string) => void logs.push(s), tty: false },
    });
    assert.equal(report.exitCode, 0, logs.join(""));
    const dir = join(tmp.path, "results", "workerstest", "sweep");
    const summary = await readSummary(join(dir, "summary.json"));
    assert.equal(summary.complete, true);
    assert.deepEqual(summary.shards?.present, [0, 1]);
    const turns = 24 / 3 * (1 + 2 + 3);
    assert.deepEqual(summary.runs.map((r) => [r.concurrency, r.requests.total]), [[2, turns], [
      4,
      turns,
    ]]);
    const records = await readRecords(join(dir, "records.jsonl"));
    assert.deepEqual(new Set(records.map((r) => r.shard)), new Set(["0-of-2", "1-of-2"]));
    assert.ok(
      records.every((r) => r.concurrency === 2 || r.concurrency === 4),
      "records name the whole level",
    );
    const options = await Deno.readTextFile(join(dir, "shards", "options.json"));
    assert.ok(
      !options.includes("sk-secret-123"),
      "the API key reaches workers only through their environment",
    );
    const csv = await Deno.readTextFile(
      join(tmp.path, "results", "workerstest", "report", "summary.csv"),
    );
    const [head, ...rows] = csv.trim().split("\n").map((l) => l.split(","));
    const total = head.indexOf("requests_total");
    assert.deepEqual(
      rows.map((r) => Number(r[total])),
      [turns, turns],
      "the report reads the merged runs",
    );
  } finally {
    await mock.stop();
  }
});
