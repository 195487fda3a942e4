/** @module Tests of the bench command's function: the built-in mock, the table, option errors. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { bench } from "../../src/client/bench.ts";
import type { SweepProgress } from "../../src/client/progress.ts";
import { SweepSummary } from "../../src/results/summary.ts";
import { UserError } from "../../src/util/errors.ts";

const EXAMPLE = new URL("../../examples/example_dataset.json", import.meta.url).pathname;
const quiet: SweepProgress = { runStart() {}, update() {}, runEnd() {}, log() {} };

Deno.test("bench runs the quick start against the built-in mock and prints a results table", async () => {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-bench-" });
  const printed: string[] = [];
  try {
    const code = await bench({
      dataset: EXAMPLE,
      mock_server: true,
      mock_host: "127.0.0.1",
      mock_port: 0,
      num_samples: 4,
      concurrency: [2],
      output_dir: dir,
      debug_log_dir: join(dir, "debug_logs"),
      save_requests: true,
      progress: quiet,
      print: (t) => void printed.push(t),
    });
    assert.equal(code, 0);
    const summary = SweepSummary.parse(
      JSON.parse(await Deno.readTextFile(join(dir, "summary.json"))),
    );
    assert.equal(summary.complete, true);
    assert.equal(summary.runs.length, 2);
    assert.equal(summary.config.model, "mock-model");
    assert.equal(summary.config.num_samples, 4);
    const sessions = new Set(
      (await Deno.readTextFile(join(dir, "records.jsonl"))).trim().split("\n").map((l) =>
        JSON.parse(l).session_id
      ),
    );
    assert.equal(sessions.size, 4);
    const table = printed[0].split("\n");
    assert.match(table[0], /^round\s+load\s+ok\/total\s+req\/s/);
    assert.match(table[1], /^1\s+conc 2\s+\d+\/\d+/);
    assert.match(table[2], /^2\s+conc 2\s+/);
    const saved = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
      n.startsWith("requests_")
    );
    assert.equal(saved.length, 2, "saved requests go into the output dir, one file per run");
    const runs = saved.map((n) => n.match(/^requests_(round\d+_conc2)_\d{8}_\d{6}\.jsonl$/)?.[1]);
    assert.deepEqual(runs.sort(), ["round1_conc2", "round2_conc2"], "one file per round");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bench names the flag when an option is invalid or the endpoint is missing", async () => {
  const base = { dataset: EXAMPLE, output_dir: "unused", debug_log_dir: "unused", progress: quiet };
  await assert.rejects(
    bench({ ...base }),
    (e: Error) => e instanceof UserError && e.message.startsWith('Missing option "--endpoint"'),
  );
  await assert.rejects(
    bench({
      ...base,
      endpoint: "http://127.0.0.1:9/v1/chat/completions",
      max_context_tokens: 100,
      max_output_tokens: 512,
    }),
    (e: Error) =>
      e instanceof UserError && /^Invalid option --max-context-tokens: must exceed/.test(e.message),
  );
});
