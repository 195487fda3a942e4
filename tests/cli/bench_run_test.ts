/** @module Tests of the bench command's function: the built-in mock, the table, option errors, exit codes. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { bench } from "../../src/cli/bench_run.ts";
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

Deno.test("bench names the flag when an option is invalid or the endpoint is missing, exit code 2", async () => {
  const base = { dataset: EXAMPLE, output_dir: "unused", debug_log_dir: "unused", progress: quiet };
  await assert.rejects(
    bench({ ...base }),
    (e: Error) =>
      e instanceof UserError && e.exitCode === 2 &&
      e.message.startsWith("Cannot run without --endpoint"),
  );
  await assert.rejects(
    bench({
      ...base,
      endpoint: "http://127.0.0.1:9/v1/chat/completions",
      max_context_tokens: 100,
      max_output_tokens: 512,
    }),
    (e: Error) =>
      e instanceof UserError && e.exitCode === 2 &&
      /^Cannot use --max-context-tokens "100": must exceed/.test(e.message),
  );
  await assert.rejects(
    bench({ ...base, mock_server: true, request_timeout_s: -1 }),
    (e: Error) =>
      e instanceof UserError && e.exitCode === 2 &&
      /^Cannot use --request-timeout "-1": /.test(e.message),
    "the flag's own name, not the option's",
  );
});

/** The failed requests of the records in `dir`. */
function failed(dir: string): number {
  const lines = Deno.readTextFileSync(join(dir, "records.jsonl")).trim().split("\n");
  return lines.filter((l) => JSON.parse(l).ok === false).length;
}

Deno.test("bench where every request fails writes its table and files, then fails with exit code 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-bench-" });
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const endpoint = `http://127.0.0.1:${closed.addr.port}/v1/chat/completions`;
  closed.close();
  const printed: string[] = [];
  try {
    await assert.rejects(
      bench({
        dataset: EXAMPLE,
        endpoint,
        model: "m",
        num_samples: 2,
        concurrency: [2],
        rounds: 1,
        output_dir: dir,
        debug_log_dir: join(dir, "debug_logs"),
        progress: quiet,
        print: (t) => void printed.push(t),
      }),
      (e: Error) =>
        e instanceof UserError && e.exitCode === 1 &&
        e.message ===
          `Every request failed (connection ${
            failed(dir)
          }): check endpoint "${endpoint}" and model "m"`,
    );
    assert.match(printed[0], /^round\s+load/);
    const summary = SweepSummary.parse(
      JSON.parse(await Deno.readTextFile(join(dir, "summary.json"))),
    );
    assert.equal(summary.complete, true);
    assert.equal(summary.runs[0].requests.ok, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
