/**
 * @module Tests of resume: a sweep killed with SIGKILL in the middle of its third of four runs,
 * resumed (`bench --resume`, and the pipeline's sweep stage from its kept failed/ folder), ends
 * with four complete runs and no duplicate record; a changed configuration is refused.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.ts";
import type { SweepSummary } from "../../src/results/summary.ts";
import { readRecords, readSummary, ROOT, tempDir, writeDataset } from "./_helpers.ts";
import { cleanEnv, run } from "./_spawn.ts";

const SESSIONS = 24;
const TURNS = SESSIONS / 3 * (1 + 2 + 3);
const SWEEP = ["--concurrency", "1", "2", "--rounds", "2", "--max-output-tokens", "16"];

/** A mock slow enough (150 ms a request) that the third run is caught while it runs. */
const slowMock = () =>
  startMockServer({
    host: "127.0.0.1",
    port: 0,
    preset: "zero",
    config: { latency: { ttft_ms: 150 } },
  });

const lines = async (path: string) =>
  (await Deno.readTextFile(path).catch(() => "")).split("\n").filter((l) => l.trim()).length;

/**
 * Starts `cmd`, waits until `summary` lists two runs and `records` holds some of the third's,
 * then kills the process with SIGKILL. Returns the number of records on disk at the kill.
 */
async function killInThirdRun(
  cmd: string[],
  env: Record<string, string>,
  find: () => Promise<string | null>,
) {
  const child = new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    env,
    clearEnv: true,
    cwd: ROOT,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    for (let i = 0; i < 2400; i++) {
      const dir = await find();
      if (dir) {
        const summary = await readSummary(join(dir, "summary.json")).catch(() => null);
        const onDisk = await lines(join(dir, "records.jsonl"));
        if (summary?.runs.length === 2 && onDisk > 2 * TURNS) {
          child.kill("SIGKILL");
          await child.status;
          const after = await readSummary(join(dir, "summary.json"));
          assert.equal(after.runs.length, 2, "killed while the third run ran");
          return await lines(join(dir, "records.jsonl"));
        }
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("the third run never started");
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status;
  }
}

/** Asserts four complete runs, each with every turn once, and no record twice. */
async function assertFourCompleteRuns(dir: string): Promise<SweepSummary> {
  const summary = await readSummary(join(dir, "summary.json"));
  assert.equal(summary.complete, true);
  assert.deepEqual(summary.runs.map((r) => [r.concurrency, r.round, r.complete]), [
    [1, 1, true],
    [1, 2, true],
    [2, 1, true],
    [2, 2, true],
  ]);
  assert.ok(summary.runs.every((r) => r.requests.total === TURNS && r.requests.ok === TURNS));
  const records = await readRecords(join(dir, "records.jsonl"));
  const keys = records.map((r) => `${r.concurrency}/${r.round}/${r.session_id}/${r.turn_index}`);
  assert.equal(records.length, 4 * TURNS);
  assert.equal(new Set(keys).size, keys.length, "no duplicate record");
  return summary;
}

Deno.test("bench --resume after kill -9 in the third of four runs ends with four complete runs and no duplicates", async () => {
  await using tmp = await tempDir("resume");
  const mock = await slowMock();
  try {
    const dataset = await writeDataset(tmp.path, SESSIONS);
    const out = join(tmp.path, "out");
    const bench = [
      Deno.execPath(),
      "run",
      "-A",
      join(ROOT, "src/cli/bench.ts"),
      "--dataset",
      dataset,
      "--endpoint",
      `${mock.url}/v1/chat/completions`,
      "--output-dir",
      out,
      ...SWEEP,
    ];
    const atKill = await killInThirdRun(bench, cleanEnv(), () => Promise.resolve(out));
    assert.ok(atKill > 2 * TURNS);
    const before = await readSummary(join(out, "summary.json"));
    const firstTwo = before.runs.map((r) => r.started_at);
    // A changed configuration is refused with one line, and nothing is touched.
    const refused = await run([...bench, "--resume", "--rounds", "3"]);
    assert.equal(refused.code, 2);
    assert.equal(
      refused.stderr.trim(),
      `error: Cannot resume the sweep in "${out}": it ran a different configuration: "rounds" was 2, now 3`,
    );
    assert.equal(await lines(join(out, "records.jsonl")), atKill);
    const resumed = await run([...bench, "--resume"]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(
      resumed.stderr,
      /resume: 2 finished runs kept, \d+ records of unfinished runs dropped/,
    );
    const summary = await assertFourCompleteRuns(out);
    assert.deepEqual(
      summary.runs.slice(0, 2).map((r) => r.started_at),
      firstTwo,
      "kept, not measured again",
    );
    assert.equal(summary.started_at, before.started_at);
  } finally {
    await mock.stop();
  }
});

Deno.test("the pipeline's sweep stage resumes from its kept failed/ folder after kill -9", async () => {
  await using tmp = await tempDir("resume-pipeline");
  const mock = await slowMock();
  try {
    const dataset = await writeDataset(tmp.path, SESSIONS);
    const pipeline = join(tmp.path, "resume.yaml");
    await Deno.writeTextFile(
      pipeline,
      `name: resumetest\nstages:\n  sweep:\n    task: sweep\n    with:\n` +
        `      dataset: ${
          JSON.stringify(dataset)
        }\n      endpoint: \${{ env.TB_TEST_ENDPOINT }}\n` +
        `      concurrency: [1, 2]\n      rounds: 2\n      max_output_tokens: 16\n`,
    );
    const cache = join(tmp.path, "cache");
    const cmd = [
      Deno.execPath(),
      "run",
      "-A",
      join(ROOT, "src/cli/pipeline.ts"),
      pipeline,
      "--cache-dir",
      cache,
      "--results-dir",
      join(tmp.path, "results"),
      "--runs-dir",
      join(tmp.path, "runs"),
    ];
    const env = { ...cleanEnv(), TB_TEST_ENDPOINT: `${mock.url}/v1/chat/completions` };
    const staging = async () => {
      try {
        for await (const e of Deno.readDir(join(cache, "staging"))) {
          return join(cache, "staging", e.name);
        }
      } catch { /* not yet */ }
      return null;
    };
    await killInThirdRun(cmd, env, staging);
    const resumed = await run(cmd, { env });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /resuming the kept attempt .*failed\/sweep-/);
    assert.match(resumed.stderr, /resume: 2 finished runs kept/);
    await assertFourCompleteRuns(join(tmp.path, "results", "resumetest", "sweep"));
  } finally {
    await mock.stop();
  }
});
