/** @module End to end: bad input at every entry point gives one clear line and a non-zero exit. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { countBy, readJsonl } from "./_artifacts.ts";
import {
  assertNoStack,
  type CliResult,
  fixture,
  runCli,
  runPipelineCli,
  withDirs,
} from "./_helpers.ts";

/** The lines of stderr that report a problem (`error: …` or a failed stage `✗ …`). */
function problemLines(r: CliResult): string[] {
  return r.stderr.split("\n").filter((l) => /^(error: |✗ )/.test(l));
}

/** Exit code as given, no stack trace, and exactly one problem line, returned. */
function oneProblem(r: CliResult, code: number): string {
  assert.equal(r.code, code, `exit code\n${r.stderr}`);
  assertNoStack(r.stderr + r.stdout);
  const lines = problemLines(r);
  assert.equal(lines.length, 1, `one problem line in:\n${r.stderr}`);
  return lines[0];
}

/** A 127.0.0.1 port nothing listens on (bound, then released). */
function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("pipeline with a YAML syntax error names file:line:col on one line and exits 2", async () => {
  await withDirs(async (d) => {
    const r = await runPipelineCli(fixture("bad_syntax.yaml"), d);
    assert.equal(r.code, 2);
    assertNoStack(r.stderr);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^tests\/testdata\/e2e\/bad_syntax\.yaml:[56]:\d+: \S.*\n$/);
  });
});

Deno.test("pipeline CLI on a missing pipeline file prints one error line and exits 2", async () => {
  await withDirs(async (d) => {
    const r = await runPipelineCli(fixture("nope.yaml"), d);
    assert.equal(
      oneProblem(r, 2),
      'error: Cannot read pipeline "tests/testdata/e2e/nope.yaml": file not found',
    );
  });
});

Deno.test("pipeline with a parameter of the wrong type names file:line:col and the field, exits 2", async () => {
  await withDirs(async (d) => {
    const r = await runPipelineCli(fixture("bad_schema.yaml"), d);
    assert.equal(r.code, 2);
    assertNoStack(r.stderr);
    assert.equal(
      r.stderr,
      'tests/testdata/e2e/bad_schema.yaml:8:15 stages.sweep.with.rounds: expected a number, got string "many"\n',
    );
  });
});

Deno.test("pipeline whose sweep dataset is missing fails the stage with one line naming the file", async () => {
  await withDirs(async (d) => {
    const r = await runPipelineCli(fixture("missing_dataset.yaml"), d);
    const line = oneProblem(r, 1);
    assert.match(
      line,
      /^✗ sweep failed .*Cannot read "tests\/testdata\/e2e\/nope\.jsonl": no such file/,
    );
  });
});

Deno.test("pipeline whose dataset has a bad JSONL line fails with file:line", async () => {
  await withDirs(async (d) => {
    const r = await runPipelineCli(fixture("bad_line.yaml"), d);
    const line = oneProblem(r, 1);
    assert.match(line, /^✗ sweep failed .*tests\/testdata\/e2e\/bad_line\.jsonl:2: not valid JSON/);
  });
});

Deno.test("bench with a missing dataset prints one error line and exits 1", async () => {
  const r = await runCli("src/cli/bench.ts", [
    "--dataset",
    "nope.jsonl",
    "--endpoint",
    `http://127.0.0.1:${closedPort()}/v1/chat/completions`,
    "--model",
    "mock-model",
  ]);
  assert.equal(oneProblem(r, 1), 'error: Cannot read "nope.jsonl": no such file');
});

Deno.test("bench with a bad JSONL line names file:line, stops its mock and exits 1", async () => {
  await withDirs(async (d) => {
    const r = await runCli("src/cli/bench.ts", [
      "--dataset",
      fixture("bad_line.jsonl"),
      "--mock-server",
      "--output-dir",
      d.results,
    ]);
    assert.match(
      oneProblem(r, 1),
      /^error: tests\/testdata\/e2e\/bad_line\.jsonl:2: not valid JSON: /,
    );
  });
});

Deno.test("bench against an unreachable endpoint: no model is one error line; with --model every request is a recorded connection error and the run fails", async () => {
  await withDirs(async (d) => {
    const endpoint = `http://127.0.0.1:${closedPort()}/v1/chat/completions`;
    const base = ["--dataset", "examples/example_dataset.json", "--endpoint", endpoint];
    const noModel = await runCli("src/cli/bench.ts", [...base, "--output-dir", d.results]);
    assert.match(
      oneProblem(noModel, 1),
      /^error: Cannot find a model at "http:\/\/127\.0\.0\.1:\d+\/v1\/models": /,
    );
    const out = join(d.root, "bench");
    const r = await runCli("src/cli/bench.ts", [
      ...base,
      "--model",
      "mock-model",
      "--num-samples",
      "3",
      "--concurrency",
      "2",
      "--output-dir",
      out,
    ]);
    assert.match(
      oneProblem(r, 1),
      /^error: Every request failed \(connection \d+\): check endpoint "http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions" and model "mock-model"$/,
    );
    assert.match(r.stdout, /^round\s+load/, "the table is printed first");
    const records = await readJsonl<{ ok: boolean; error_kind: string }>(
      join(out, "records.jsonl"),
    );
    assert.ok(records.length >= 6, "3 sessions × 2 rounds, at least one turn each");
    assert.deepEqual(countBy(records, (x) => x.error_kind), { connection: records.length });
    const summary = JSON.parse(await Deno.readTextFile(join(out, "summary.json")));
    assert.equal(summary.complete, true);
  });
});

Deno.test("mock and bench --mock-server on a port in use print one error line and exit 1", async () => {
  using busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (busy.addr as Deno.NetAddr).port;
  const want = `error: Cannot listen on 127.0.0.1:${port}: address already in use`;
  const mock = await runCli("src/cli/mock.ts", ["--port", String(port)]);
  assert.equal(oneProblem(mock, 1), want);
  assert.equal(mock.stdout, "");
  await withDirs(async (d) => {
    const bench = await runCli("src/cli/bench.ts", [
      "--dataset",
      "examples/example_dataset.json",
      "--mock-server",
      "--mock-port",
      String(port),
      "--output-dir",
      d.results,
    ]);
    assert.equal(oneProblem(bench, 1), want);
  });
});

Deno.test("convert-sharegpt and report on a missing folder print one error line naming it and exit 1", async () => {
  await withDirs(async (d) => {
    const missing = join(d.root, "no-such-folder");
    const convert = await runCli("src/cli/convert_sharegpt.ts", [
      missing,
      join(d.root, "out.jsonl"),
    ]);
    assert.equal(
      oneProblem(convert, 1),
      `error: Cannot read input "${missing}": no such file or folder`,
    );
    const report = await runCli("src/cli/report.ts", [missing]);
    assert.equal(
      oneProblem(report, 1),
      `error: Cannot read results folder "${missing}": not found`,
    );
  });
});
