/** @module End to end: the nightly pipeline against an external endpoint, first night and a red night. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.ts";
import type { MockConfigInput } from "../../mock/config.ts";
import { dirFlags, spawnCli, withDirs } from "./_helpers.ts";

/**
 * Runs one night: a mock stands in for the job's external server (with `config` over the fast
 * preset) while the pipeline runs with `args`; the server is stopped whatever happens.
 */
async function runNight(args: string[], config: MockConfigInput) {
  const server = await startMockServer({ port: 0, preset: "fast", config: { seed: 1, ...config } });
  const env = {
    TURNBENCH_ENDPOINT: `${server.url}/v1/chat/completions`,
    TURNBENCH_MODEL: "mock-model",
    TURNBENCH_RESET_URL: `${server.url}/reset`,
    TURNBENCH_API_KEY: "sk-nightly-secret",
  };
  try {
    return await spawnCli("src/cli/pipeline.ts", args, env).finish(90_000);
  } finally {
    await server.stop();
  }
}

/** Copies a results folder (following the stable link) into `to`, as the README's `cp -rL` does. */
async function keepAsBaseline(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  const real = await Deno.realPath(from);
  for await (const e of Deno.readDir(real)) {
    if (e.isFile) await Deno.copyFile(join(real, e.name), join(to, e.name));
  }
}

Deno.test("nightly pipeline skips the first night's baseline, then goes red on a regression", async () => {
  await withDirs(async (d) => {
    const baseline = join(d.root, "baselines", "nightly");
    const args = [
      "pipelines/nightly.yaml",
      ...dirFlags(d),
      "--force",
      "sweep",
      "--set",
      "sweep.num_samples=4",
      "--set",
      "sweep.concurrency=[2]",
      "--set",
      "sweep.max_output_tokens=16",
      "--set",
      `report.baseline=${baseline}`,
    ];
    const fixed = { output: { distribution: "fixed", mean: 16, min: 16, max: 16 } } as const;

    const night1 = await runNight(args, fixed);
    assert.equal(night1.code, 0, night1.stderr);
    assert.match(night1.stderr, /no baseline yet at ".*baselines\/nightly": comparison skipped/);
    await keepAsBaseline(join(d.results, "nightly", "sweep"), baseline);

    // The next night the server takes 60 ms longer to the first token: TTFT regresses.
    const night2 = await runNight(args, { ...fixed, latency: { ttft_ms: 60 } });
    assert.equal(night2.code, 1, night2.stderr);
    assert.match(night2.stderr, /Found \d+ regression\(s\) against baseline/);

    const runs = [...Deno.readDirSync(d.runs)].map((e) => e.name).sort();
    assert.equal(runs.length, 2);
    const manifest = JSON.parse(
      await Deno.readTextFile(join(d.runs, runs[1], "manifest.json")),
    );
    const text = JSON.stringify(manifest);
    assert.ok(!text.includes("sk-nightly-secret"), "the API key stays out of the manifest");
    const stages = manifest.stages as Record<string, { status: string; dir?: string }>;
    assert.equal(stages.sweep.status, "ran");
    assert.equal(stages.report.status, "failed");
    const failed = [...Deno.readDirSync(join(d.cache, "failed"))].find((e) =>
      e.name.startsWith("report-")
    );
    assert.ok(failed, "the red night's report is kept under failed/");
    const md = await Deno.readTextFile(join(d.cache, "failed", failed.name, "report.md"));
    assert.match(md, /regression/i);
    assert.match(md, /TTFT/);
  });
});
