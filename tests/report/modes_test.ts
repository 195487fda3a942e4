/** @module Reports of unusual sweeps: request-rate mode, a sweep stopped early, cold rounds, gauges. */
import assert from "node:assert/strict";
import { chartSpecs } from "../../src/report/charts/registry.ts";
import { renderHtml } from "../../src/report/render/html.ts";
import { renderMarkdown } from "../../src/report/render/markdown.ts";
import { buildModel } from "../../src/report/model/model.ts";
import { copyFixture, RESULTS, withTempDir } from "./helpers.ts";

/** Rewrites every run and record of a copied fixture from concurrency c to rate c/2 req/s. */
async function toRateMode(dir: string): Promise<void> {
  const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
  for (const run of summary.runs) [run.request_rate, run.concurrency] = [run.concurrency / 2, null];
  summary.config.request_rates = summary.config.concurrency.map((c: number) => c / 2);
  summary.config.concurrency = [];
  await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
  const lines = (await Deno.readTextFile(`${dir}/records.jsonl`)).trimEnd().split("\n");
  const moved = lines.map((l) => {
    const r = JSON.parse(l);
    [r.request_rate, r.concurrency] = [r.concurrency / 2, null];
    return JSON.stringify(r);
  });
  await Deno.writeTextFile(`${dir}/records.jsonl`, moved.join("\n") + "\n");
  await Deno.remove(`${dir}/scraped.json`);
}

Deno.test("a request-rate sweep is labelled and charted by rate", async () => {
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    await toRateMode(dir);
    const model = await buildModel({ results: dir });
    assert.deepEqual(model.rows.map((r) => [r.round, r.concurrency, r.request_rate]), [
      [1, null, 1],
      [1, null, 4],
      [2, null, 1],
      [2, null, 4],
    ]);
    assert.deepEqual(model.changes.map((c) => c.load), ["1 req/s", "4 req/s"]);
    const ttft = chartSpecs(model).find((s) => s.id === "chart-ttft")!;
    assert.deepEqual(ttft.labels, ["1 req/s", "4 req/s"]);
    assert.equal(ttft.xTitle, "Request rate (requests/s)");
    assert.match(renderMarkdown(model), /\| 2 \| 4 req\/s \| 37\/39 \|/);
  });
});

Deno.test("a sweep stopped before its first run still gives a report that says so", async () => {
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    Object.assign(summary, { runs: [], complete: false });
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
    await Deno.writeTextFile(`${dir}/records.jsonl`, "");
    await Deno.remove(`${dir}/scraped.json`);
    const model = await buildModel({ results: dir });
    assert.equal(model.rows.length, 0);
    assert.deepEqual(chartSpecs(model), []);
    assert.match(renderMarkdown(model), /Partial results\. The sweep stopped before it finished/);
    assert.match(await renderHtml(model), /<div class="banner warn" role="alert">/);
  });
});

Deno.test("a sweep that reset the cache between rounds says round 2 started cold", async () => {
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    const warm = renderMarkdown(await buildModel({ results: dir }));
    assert.match(warm, /a lower TTFT in later rounds is what the prefix\/KV cache saved/);
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    summary.config.reset_cache_between_rounds = true;
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
    const cold = renderMarkdown(await buildModel({ results: dir }));
    assert.match(cold, /each round started cold: this compares two cold rounds/);
    assert.doesNotMatch(cold, /is what the prefix\/KV cache saved/);
  });
});

Deno.test("scraped gauges show their value at the run's end, counters their change", async () => {
  await withTempDir(async (dir) => {
    await copyFixture(RESULTS, dir);
    await Deno.remove(`${dir}/scraped.json`);
    const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
    for (const run of summary.runs) {
      run.metrics = {
        "memory_usage_bytes": { before: 1000, after: 1500 + run.round, delta: 500, type: "gauge" },
        "vllm:prompt_tokens_total": { before: 10, after: 70, delta: 60, type: "counter" },
      };
    }
    await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify(summary));
    const model = await buildModel({ results: dir });
    const md = renderMarkdown(model);
    assert.match(md, /\| memory_usage_bytes \| 1501 \| 1501 \| 1502 \| 1502 \|/);
    assert.match(md, /\| vllm:prompt_tokens_total \| 60 \| 60 \| 60 \| 60 \|/);
    const gauge = chartSpecs(model).find((s) => s.title === "memory_usage_bytes")!;
    assert.equal(gauge.yTitle, "Value at the run's end");
    assert.deepEqual(gauge.series[0].data, [1501, 1501, 1502, 1502]);
  });
});
