/**
 * @module Every command's exit codes, the same way: 2 and one `Cannot use --flag "value": …` line
 * for a bad flag, 1 for a failed run, 0 for `--help`. Run in-process through `exitCodeOf`, the
 * catch `runMain` exits with.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { main as bench } from "../../src/cli/bench.ts";
import { main as convertLongBench } from "../../src/cli/convert_longbench.ts";
import { main as convertShareGpt } from "../../src/cli/convert_sharegpt.ts";
import { main as merge } from "../../src/cli/merge.ts";
import { main as mock } from "../../src/cli/mock.ts";
import { pipelineMain } from "../../src/cli/pipeline.ts";
import { main as report } from "../../src/cli/report.ts";
import { exitCodeOf } from "../../src/cli/run_main.ts";
import { schemaMain } from "../../src/cli/schema.ts";
import { TEST_TASKS } from "../pipeline/test_tasks.ts";

const EXAMPLE = new URL("../../examples/example_dataset.json", import.meta.url).pathname;

/** Runs a command's main in-process; returns its exit code and the error lines it printed. */
async function run(
  main: () => Promise<number | void>,
): Promise<{ code: number; errors: string[] }> {
  const errors: string[] = [];
  const code = await exitCodeOf(main, (e) => void errors.push(String(e)));
  return { code, errors };
}

/** Asserts exit code 2 and the one bad-flag line. */
async function assertBadFlag(main: () => Promise<number | void>, line: string | RegExp) {
  const { code, errors } = await run(main);
  assert.equal(code, 2, errors.join("\n"));
  assert.equal(errors.length, 1);
  if (typeof line === "string") assert.equal(errors[0], line);
  else assert.match(errors[0], line);
}

/** Asserts exit code 1 and one `error: …` line (no stack). */
async function assertFailedRun(main: () => Promise<number | void>, line: RegExp) {
  const { code, errors } = await run(main);
  assert.equal(code, 1, errors.join("\n"));
  assert.equal(errors.length, 1);
  assert.match(errors[0], line);
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-exit-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A 127.0.0.1 port nothing listens on. */
function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  l.close();
  return l.addr.port;
}

Deno.test("bench exits 2 on a bad flag and 1 on a failed run", async () => {
  const endpoint = `http://127.0.0.1:${closedPort()}/v1/chat/completions`;
  await assertBadFlag(
    () => bench(["--dataset", EXAMPLE, "--num-samples", "x"]),
    'error: Cannot use --num-samples "x": expected a whole number',
  );
  await assertBadFlag(
    () => bench(["--dataset", EXAMPLE, "--concurrency", "2", "x"]),
    'error: Cannot use --concurrency "x": expected a whole number',
  );
  await assertBadFlag(
    () => bench(["--dataset", EXAMPLE, "--endpoint", endpoint, "--think-time", "-1"]),
    /^error: Cannot use --think-time "-1": /,
  );
  await assertBadFlag(() => bench(["--dataset", EXAMPLE]), /^error: Cannot run without --endpoint/);
  await assertBadFlag(
    () => bench(["--dataset", EXAMPLE, "--frobnicate"]),
    "error: unknown option '--frobnicate'",
  );
  await assertFailedRun(
    () => bench(["--dataset", "nope.jsonl", "--endpoint", endpoint, "--model", "m"]),
    /^error: Cannot read "nope\.jsonl": no such file/,
  );
  await assertBadFlag(
    () => bench(["--dataset", EXAMPLE, "--endpoint", endpoint, "--tokenizer", "llama"]),
    'error: Cannot use --tokenizer "llama": expected "gpt", "hf:<path>" or "server"',
  );
  await assertBadFlag(
    () => bench(["--dataset", EXAMPLE, "--endpoint", endpoint, "--server", "tgi"]),
    /^error: Cannot use --server "tgi": /,
  );
});

Deno.test("mock exits 2 on a bad flag and 1 when it cannot listen", async () => {
  await assertBadFlag(
    () => mock(["--port", "70000"]),
    'error: Cannot use --port "70000": expected a port, a whole number in 0–65535',
  );
  await assertBadFlag(() => mock(["--preset", "nope"]), /^error: Cannot use --preset "nope": /);
  await assertBadFlag(() => mock(["--itl-ms", "soon"]), /^error: Cannot use --itl-ms "soon": /);
  using busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  await assertFailedRun(
    () => mock(["--port", String(busy.addr.port)]),
    /^error: Cannot listen on 127\.0\.0\.1:\d+: address already in use$/,
  );
});

Deno.test("convert-sharegpt exits 2 on a bad flag and 1 on a failed run", async () => {
  await withTempDir(async (dir) => {
    const out = join(dir, "o.jsonl");
    await assertBadFlag(
      () => convertShareGpt([EXAMPLE, out, "--max-sessions", "many"]),
      'error: Cannot use --max-sessions "many": expected a whole number',
    );
    await assertBadFlag(
      () => convertShareGpt([EXAMPLE, out, "--max-sessions", "0"]),
      /^error: Cannot use --max-sessions "0": /,
    );
    await assertBadFlag(() => convertShareGpt([EXAMPLE]), /^error: missing required argument/);
    await assertFailedRun(
      () => convertShareGpt([join(dir, "nope"), out]),
      /^error: Cannot read .*nope/,
    );
  });
});

Deno.test("convert-longbench exits 2 on a bad flag and 1 on a failed run", async () => {
  await withTempDir(async (dir) => {
    const out = join(dir, "o.jsonl");
    await assertBadFlag(
      () => convertLongBench(["--input", dir, "--output", out, "--num-samples", "1.5"]),
      'error: Cannot use --num-samples "1.5": expected a whole number',
    );
    await assertBadFlag(
      () => convertLongBench(["--input", dir]),
      /^error: required option '--output <file>' not specified$/,
    );
    await assertFailedRun(
      () => convertLongBench(["--input", join(dir, "nope"), "--output", out]),
      /^error: .*nope/,
    );
  });
});

Deno.test("merge exits 2 on a bad flag and 1 on a failed run", async () => {
  await withTempDir(async (dir) => {
    const out = join(dir, "all.jsonl");
    await assertBadFlag(
      () => merge([EXAMPLE, "--output", out, "--seed", "x"]),
      'error: Cannot use --seed "x": expected a whole number',
    );
    await assertBadFlag(
      () => merge([EXAMPLE, "--output", out, "--limit-per-source", "0"]),
      /^error: Cannot use --limit-per-source "0": /,
    );
    await assertFailedRun(
      () => merge([join(dir, "nope.jsonl"), "--output", out]),
      /^error: Cannot read .*nope\.jsonl/,
    );
  });
});

Deno.test("report exits 2 on a bad flag and 1 on a failed run", async () => {
  await assertBadFlag(
    () => report(["results", "--threshold", "-5"]),
    'error: Cannot use --threshold "-5": expected a number ≥ 0',
  );
  await assertFailedRun(
    () => report(["/nonexistent/sweep"]),
    /^error: Cannot read results folder "\/nonexistent\/sweep": not found$/,
  );
});

Deno.test("pipeline exits 2 on a bad flag and 1 when a stage fails", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "p.yaml");
    await Deno.writeTextFile(file, "stages:\n  a: { task: fail }\n");
    const dirs = ["--cache-dir", join(dir, "c"), "--results-dir", join(dir, "r")];
    dirs.push("--runs-dir", join(dir, "runs"));
    await assertBadFlag(
      () => pipelineMain([file, "--jobs", "0", ...dirs], TEST_TASKS),
      'error: Cannot use --jobs "0": expected a whole number ≥ 1',
    );
    await assertBadFlag(
      () => pipelineMain([...dirs], TEST_TASKS),
      /^error: missing required argument 'file'$/,
    );
    const { code } = await run(() => pipelineMain([file, ...dirs], TEST_TASKS));
    assert.equal(code, 1);
  });
});

Deno.test("schema exits 2 on a bad flag and 1 when --check finds it out of date", async () => {
  await withTempDir(async (dir) => {
    await assertBadFlag(() => schemaMain(["--frobnicate"]), "error: unknown option '--frobnicate'");
    const stale = join(dir, "schema.json");
    await Deno.writeTextFile(stale, "{}\n");
    const { code } = await run(() => schemaMain(["--check", "--out", stale]));
    assert.equal(code, 1);
  });
});

Deno.test("--help exits 0 without running the command", async () => {
  const { code } = await run(() => merge(["--help"]));
  assert.equal(code, 0);
});
