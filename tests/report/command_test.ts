/** @module Tests of `deno task report` (exit codes) and of the `report` pipeline stage. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import reportTask from "../../tasks/report.ts";
import type { TaskContext } from "../../src/pipeline/task.ts";
import { BASELINE, RESULTS, withTempDir } from "./helpers.ts";

const CLI = fileURLToPath(new URL("../../src/cli/report.ts", import.meta.url));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("report command exits 3 on a regression with --fail-on-regression, after writing", async () => {
  await withTempDir(async (dir) => {
    const r = await cli([RESULTS, "--out", dir, "--baseline", BASELINE, "--fail-on-regression"]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(
      r.stderr,
      /^error: Found 12 regression\(s\) against baseline ".*baseline" past 10%: see .*report\.md$/m,
    );
    for (const f of ["report.md", "report.html", "summary.csv", "summary.json"]) {
      assert.ok((await Deno.stat(`${dir}/${f}`)).size > 0, `${f} written`);
    }
    assert.equal(r.stdout.trim().split("\n").length, 4, "prints the four files written");
  });
});

Deno.test("report command exits 0 on a regression without --fail-on-regression or under a higher threshold", async () => {
  await withTempDir(async (dir) => {
    const plain = await cli([RESULTS, "--out", dir, "--baseline", BASELINE]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stderr, /12 regression\(s\) past 10%/);
    const lax = await cli([
      RESULTS,
      "--out",
      dir,
      "--baseline",
      BASELINE,
      "--fail-on-regression",
      "--threshold",
      "25",
    ]);
    assert.equal(lax.code, 0, lax.stderr);
  });
});

Deno.test("report command rejects bad flags and missing folders with one line", async () => {
  const bad = await cli([RESULTS, "--threshold", "lots"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'error: Cannot use --threshold "lots": expected a number ≥ 0\n');
  const missing = await cli(["/nonexistent/sweep"]);
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr,
    `error: Cannot read results folder "/nonexistent/sweep": not found\n`,
  );
  const intoResults = await cli([RESULTS, "--out", RESULTS]);
  assert.equal(intoResults.code, 1);
  assert.match(intoResults.stderr, /Cannot write the report into the results folder/);
});

function context(outDir: string): TaskContext {
  return {
    stage: "report",
    pipeline: { name: "nightly", file: "pipelines/nightly.yaml" },
    outDir,
    needs: {},
    signal: new AbortController().signal,
    log: () => {},
    progress: { total() {}, advance() {}, status() {} },
  };
}

Deno.test("report stage writes its four outputs and lists the baseline as an input", async () => {
  await withTempDir(async (dir) => {
    const params = reportTask.schema.parse({ results: RESULTS, baseline: BASELINE });
    assert.equal(params.regression_threshold_pct, 10);
    assert.deepEqual(reportTask.inputs!(params), [BASELINE]);
    assert.deepEqual(reportTask.inputs!(reportTask.schema.parse({ results: RESULTS })), []);
    const result = await reportTask.run(params, context(dir));
    assert.deepEqual(result?.outputs, {
      markdown: "report.md",
      html: "report.html",
      csv: "summary.csv",
      json: "summary.json",
    });
    const md = await Deno.readTextFile(`${dir}/report.md`);
    assert.match(md, /\| Pipeline \| nightly \(pipelines\/nightly\.yaml\), stage "report" \|/);
  });
});

Deno.test("report stage fails on a regression with fail_on_regression, after writing the files", async () => {
  await withTempDir(async (dir) => {
    const params = reportTask.schema.parse({
      results: RESULTS,
      baseline: BASELINE,
      fail_on_regression: true,
    });
    await assert.rejects(
      () => reportTask.run(params, context(dir)),
      (e: Error & { exitCode?: number }) =>
        e.name === "UserError" && e.exitCode === 3 && /Found 12 regression/.test(e.message),
    );
    const json = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    assert.equal(json.baseline.regressions, 12);
  });
});

Deno.test("report stage skips a missing baseline only when told to", async () => {
  await withTempDir(async (dir) => {
    const missing = `${dir}/no-baseline-yet`;
    const skip = reportTask.schema.parse({
      results: RESULTS,
      baseline: missing,
      baseline_if_missing: "skip",
      fail_on_regression: true,
    });
    assert.deepEqual(reportTask.inputs!(skip), []);
    await reportTask.run(skip, context(`${dir}/out`));
    const json = JSON.parse(await Deno.readTextFile(`${dir}/out/summary.json`));
    assert.equal(json.baseline, null);

    const strict = reportTask.schema.parse({ results: RESULTS, baseline: missing });
    await assert.rejects(() => reportTask.run(strict, context(`${dir}/strict`)), /no-baseline-yet/);
  });
});
