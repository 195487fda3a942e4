/**
 * @module Tests of the Slurm job array: the script it writes, and a real submission of 4 shards to
 * the one-node cluster `.ci/run` starts (scripts/slurm-cluster.sh), merged like one process. Under
 * CI=true a missing cluster fails the test; elsewhere it is skipped.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SweepOptions } from "../../src/client/options.ts";
import { runSweep } from "../../src/client/sweep.ts";
import { slurmScript } from "../../src/shard/slurm.ts";
import { summarizeRecords } from "../../src/stats/run_summary.ts";
import {
  quietProgress,
  readRecords,
  readSummary,
  ROOT,
  startMock,
  tempDir,
  writeDataset,
} from "./_helpers.ts";
import { cleanEnv, run } from "./_spawn.ts";

const DEFAULT_CONF = "/tmp/turnbench-slurm/slurm.conf";

/** The SLURM_CONF of a cluster that answers, or null. */
async function slurmConf(): Promise<string | null> {
  const conf = Deno.env.get("SLURM_CONF") ?? DEFAULT_CONF;
  try {
    const r = await run(["sinfo", "-h", "-o", "%T"], { env: { ...cleanEnv(), SLURM_CONF: conf } });
    return r.code === 0 && /idle|mix|alloc/.test(r.stdout) ? conf : null;
  } catch {
    return null;
  }
}

const conf = await slurmConf();
const CI = Deno.env.get("CI") === "true";

Deno.test("slurmScript writes an array of N tasks, each running its shard into the shared folder", () => {
  const script = slurmScript({
    name: "tb-mixed-sweep",
    shards: 4,
    dir: "/shared/run 1",
    cwd: "/shared/turnbench",
    command: [
      "deno",
      "run",
      "-A",
      "/shared/turnbench/src/cli/shard.ts",
      "p.yaml",
      "--dir",
      "/shared/run 1",
    ],
    partition: "cpu",
  });
  const lines = script.split("\n");
  assert.equal(lines[0], "#!/bin/bash");
  assert.ok(lines.includes("#SBATCH --array=0-3"));
  assert.ok(lines.includes("#SBATCH --partition=cpu"));
  assert.ok(lines.includes("#SBATCH --chdir=/shared/turnbench"));
  assert.ok(lines.includes("#SBATCH --output=/shared/run 1/slurm/%A_%a.log"));
  assert.equal(
    lines.find((l) => l.startsWith("exec ")),
    "exec deno run -A /shared/turnbench/src/cli/shard.ts p.yaml --dir '/shared/run 1'",
  );
});

Deno.test({
  name:
    "a Slurm array of 4 shards merges into a single process's counts and the union's percentiles",
  ignore: conf === null && !CI,
  async fn() {
    assert.ok(conf, "CI=true but no Slurm cluster answers (bash scripts/slurm-cluster.sh start)");
    await using tmp = await tempDir("slurm");
    const mock = await startMock();
    try {
      const endpoint = `${mock.url}/v1/chat/completions`;
      const dataset = await writeDataset(tmp.path, 24);
      const pipeline = join(tmp.path, "slurm-test.yaml");
      await Deno.writeTextFile(
        pipeline,
        `name: slurmtest\nstages:\n  sweep:\n    task: sweep\n    with:\n` +
          `      dataset: ${
            JSON.stringify(dataset)
          }\n      endpoint: \${{ env.TB_TEST_ENDPOINT }}\n` +
          `      concurrency: [4, 8]\n      rounds: 1\n      max_output_tokens: 32\n`,
      );
      const dir = join(tmp.path, "out");
      const r = await run(
        [
          Deno.execPath(),
          "run",
          "-A",
          join(ROOT, "src/cli/slurm.ts"),
          pipeline,
          "--stage",
          "sweep",
          "--shards",
          "4",
          "--dir",
          dir,
          "--submit",
        ],
        { cwd: ROOT, env: { ...cleanEnv(), SLURM_CONF: conf!, TB_TEST_ENDPOINT: endpoint } },
      );
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /merged \d+ records of 4\/4 shards/);
      const logs = [...Deno.readDirSync(join(dir, "slurm"))].filter((e) => e.name.endsWith(".log"));
      assert.equal(logs.length, 4, "one log per array task");
      const summary = await readSummary(join(dir, "summary.json"));
      assert.equal(summary.complete, true);
      const single = await runSweep(
        SweepOptions.parse({
          dataset,
          endpoint,
          concurrency: [4, 8],
          rounds: 1,
          max_output_tokens: 32,
        }),
        { outDir: join(tmp.path, "single"), progress: quietProgress() },
      );
      assert.deepEqual(
        summary.runs.map((x) => [x.concurrency, x.requests.total, x.requests.ok]),
        single.runs.map((x) => [x.concurrency, x.requests.total, x.requests.ok]),
      );
      const union = (await Promise.all([0, 1, 2, 3].map((i) =>
        readRecords(join(dir, "shards", `${i}-of-4`, "records.jsonl"))
      ))).flat();
      for (const runSummary of summary.runs) {
        const mine = union.filter((x) =>
          x.concurrency === runSummary.concurrency
        );
        const expected = summarizeRecords(mine, runSummary);
        assert.deepEqual(runSummary.ttft_ms, expected.ttft_ms);
        assert.deepEqual(runSummary.e2e_ms, expected.e2e_ms);
        assert.deepEqual(runSummary.itl_ms, expected.itl_ms);
      }
    } finally {
      await mock.stop();
    }
  },
});
