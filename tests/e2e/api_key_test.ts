/**
 * @module End to end: the API key taken from `TURNBENCH_API_KEY` / `OPENAI_API_KEY` reaches the
 * server and never any file under the cache, results or runs folders (nor the run's output).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startMockServer } from "../../mock/server.ts";
import { readJsonl } from "./_artifacts.ts";
import { dirFlags, fixture, spawnCli, withDirs } from "./_helpers.ts";

/** Every file under `dir`, symlinks not followed (what they point at is walked on its own). */
async function* files(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) yield* files(path);
    else if (e.isFile) yield path;
  }
}

/** Runs the fixture against a mock requiring `key`, with `env` for the pipeline process. */
async function runWithKeyFrom(key: string, env: Record<string, string>) {
  const server = await startMockServer({
    port: 0,
    preset: "fast",
    config: { seed: 1, api_key: key, output: { distribution: "fixed", mean: 8 } },
  });
  try {
    await withDirs(async (d) => {
      const endpoint = `sweep.endpoint=${server.url}/v1/chat/completions`;
      const r = await spawnCli(
        "src/cli/pipeline.ts",
        [fixture("api_key.yaml"), ...dirFlags(d), "--set", endpoint],
        env,
      ).finish(60_000);
      assert.equal(r.code, 0, r.stderr);
      // The mock answers 401 without the right bearer token: every request ok means it was sent.
      const records = await readJsonl<{ ok: boolean; http_status: number }>(
        join(d.results, "e2e-api-key", "sweep", "records.jsonl"),
      );
      assert.ok(records.length > 0 && records.every((x) => x.ok), JSON.stringify(records[0]));
      assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key), "not in the run's output");
      let seen = 0;
      const names: string[] = [];
      for (const root of [d.cache, d.results, d.runs]) {
        for await (const path of files(root)) {
          seen++;
          names.push(path.slice(d.root.length + 1));
          const text = new TextDecoder().decode(await Deno.readFile(path));
          assert.ok(!text.includes(key), `the key is written in ${path}`);
        }
      }
      // The files most likely to carry it were there to be searched.
      for (const kind of ["manifest.json", "records.jsonl", "report.html", "requests_", "debug_"]) {
        assert.ok(names.some((n) => n.includes(kind)), `no ${kind} file among ${seen} searched`);
      }
    });
  } finally {
    await server.stop();
  }
}

Deno.test("the API key from TURNBENCH_API_KEY is used and written to no file", async () => {
  await runWithKeyFrom("sk-turnbench-env-5150", {
    TURNBENCH_API_KEY: "sk-turnbench-env-5150",
    OPENAI_API_KEY: "sk-wrong-key",
  });
});

Deno.test("the API key from OPENAI_API_KEY is used when TURNBENCH_API_KEY is unset, and written to no file", async () => {
  await runWithKeyFrom("sk-openai-env-8086", {
    TURNBENCH_API_KEY: "",
    OPENAI_API_KEY: "sk-openai-env-8086",
  });
});
