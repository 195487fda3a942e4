/** @module Tests of the `scrape` stage: params, reading summary.json, writing scraped.json. */
import assert from "node:assert/strict";
import { join } from "node:path";
import scrape, { ScrapeParams } from "../../tasks/scrape.ts";
import { TASKS } from "../../tasks/mod.ts";
import type { TaskContext } from "../../src/pipeline/task.ts";
import { ScrapedMetrics } from "../../src/results/scraped.ts";
import { InputError } from "../../src/util/errors.ts";
import { withServer } from "./_server.ts";
import { sweepSummary } from "./_sweep.ts";

function context(outDir: string, logs: string[]): TaskContext {
  return {
    stage: "scrape",
    outDir,
    needs: {},
    signal: new AbortController().signal,
    log: (m) => logs.push(m),
    progress: { total() {}, advance() {}, status() {} },
  };
}

async function withTempDirs(fn: (sweep: string, out: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "turnbench-scrape-" });
  try {
    await Deno.mkdir(join(root, "sweep"));
    await Deno.mkdir(join(root, "out"));
    await fn(join(root, "sweep"), join(root, "out"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

function promApi(_req: Request, url: URL): Response {
  const t = Number(url.searchParams.get("time"));
  const result = [{
    metric: { __name__: url.searchParams.get("query") },
    value: [t, String(t * 2)],
  }];
  return Response.json({ status: "success", data: { resultType: "vector", result } });
}

Deno.test("scrape stage is registered and reads params with defaults", () => {
  assert.equal(TASKS.scrape, scrape);
  const params = ScrapeParams.parse({
    sweep: "runs/x/sweep",
    prometheus_url: "http://127.0.0.1:9090",
    queries: "vllm:prompt_tokens_total",
    offset_s: "15",
  });
  assert.deepEqual(params.queries, ["vllm:prompt_tokens_total"]);
  assert.equal(params.offset_s, 15);
  assert.equal(params.timeout_ms, 10_000);
  assert.equal(params.wait_s, 60);
  assert.equal(ScrapeParams.parse({ ...params, wait_s: "0" }).wait_s, 0);
  assert.equal(ScrapeParams.safeParse({ ...params, wait_s: -1 }).success, false);
  assert.equal(
    ScrapeParams.safeParse({ ...params, prometheus_url: "127.0.0.1:9090" }).success,
    false,
  );
  assert.equal(ScrapeParams.safeParse({ ...params, queries: [] }).success, false);
  assert.deepEqual(scrape.inputs?.(params), [join("runs/x/sweep", "summary.json")]);
});

Deno.test("scrape stage writes scraped.json for every run of the sweep summary", async () => {
  await withTempDirs(async (sweep, out) => {
    const summary = sweepSummary([
      { round: 1, concurrency: 2, started_at: 1_000_000, ended_at: 1_010_000 },
      { round: 2, concurrency: 2, started_at: 1_020_000, ended_at: 1_040_000 },
    ]);
    await Deno.writeTextFile(join(sweep, "summary.json"), JSON.stringify(summary));
    await withServer(promApi, async (server) => {
      const params = ScrapeParams.parse({
        sweep,
        prometheus_url: server.url,
        queries: ["vllm:prompt_tokens_total"],
      });
      const logs: string[] = [];
      const result = await scrape.run(params, context(out, logs));
      assert.deepEqual(result, { outputs: { scraped: "scraped.json" } });
      const scraped = ScrapedMetrics.parse(
        JSON.parse(await Deno.readTextFile(join(out, "scraped.json"))),
      );
      assert.deepEqual(
        scraped.runs.map((r) => [r.round, r.metrics["vllm:prompt_tokens_total"].delta]),
        [[1, 20], [2, 40]],
      );
      assert.deepEqual([...Deno.readDirSync(out)].map((e) => e.name), ["scraped.json"]);
      assert.equal(logs.length, 1);
    });
  });
});

Deno.test("scrape stage names the summary file when it is missing or invalid", async () => {
  await withTempDirs(async (sweep, out) => {
    const params = ScrapeParams.parse({
      sweep,
      prometheus_url: "http://127.0.0.1:9",
      queries: ["x"],
    });
    const path = join(sweep, "summary.json");
    await assert.rejects(scrape.run(params, context(out, [])), (e) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.message, `${path}: file not found`);
      return true;
    });
    await Deno.writeTextFile(path, '{\n  "format": 1,\n  oops\n}');
    await assert.rejects(scrape.run(params, context(out, [])), (e) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.line, 3);
      assert.match(
        e.message,
        new RegExp(`^${path.replaceAll("/", "\\/")}:3:\\d+: not valid JSON: `),
      );
      return true;
    });
    await Deno.writeTextFile(
      path,
      JSON.stringify({ ...sweepSummary([]), runs: [{ round: "one" }] }),
    );
    await assert.rejects(scrape.run(params, context(out, [])), (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /summary\.json: not a sweep summary: runs\.0\.round: /);
      return true;
    });
  });
});
