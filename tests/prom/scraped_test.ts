/** @module Tests of scrapeRunWindows against a fake Prometheus API that answers by query time. */
import assert from "node:assert/strict";
import { ScrapedMetrics } from "../../src/results/scraped.ts";
import { scrapeRunWindows } from "../../src/prom/scraped.ts";
import { PrometheusApiError } from "../../src/prom/query_api.ts";
import { withServer } from "./_server.ts";
import { sweepSummary } from "./_sweep.ts";

/** A fake `/api/v1/query`: counters grow with the evaluation time, so deltas are known. */
function fakePrometheus(_req: Request, url: URL): Response {
  const query = url.searchParams.get("query") ?? "";
  const t = Number(url.searchParams.get("time"));
  const sample = (metric: Record<string, string>, value: string) => ({ metric, value: [t, value] });
  let result: unknown[];
  if (query === "vllm:prompt_tokens_total") {
    result = [
      sample({ __name__: query, engine: "1", job: "vllm" }, String(t)),
      sample({ __name__: query, engine: "0", job: "vllm" }, String(t * 10)),
    ];
  } else if (query === "vllm:num_requests_running") {
    result = [sample({ __name__: query, job: "vllm" }, t < 1001 ? "NaN" : "2")];
  } else if (query === "late_metric") {
    result = t < 2010 ? [] : [sample({ __name__: query }, "5")];
  } else {
    return Response.json({ status: "error", errorType: "bad_data", error: "parse error" }, {
      status: 400,
    });
  }
  return Response.json({ status: "success", data: { resultType: "vector", result } });
}

const SUMMARY = sweepSummary([
  { round: 1, concurrency: 4, started_at: 1_000_000, ended_at: 1_060_000 },
  { round: 2, concurrency: 4, started_at: 2_000_000, ended_at: 2_030_500 },
]);
const QUERIES = ["vllm:prompt_tokens_total", "vllm:num_requests_running", "late_metric"];

Deno.test("scrapeRunWindows queries each run at its start and its end plus offset, clamped to now", async () => {
  await withServer(fakePrometheus, async (server) => {
    await scrapeRunWindows(server.url, QUERIES, SUMMARY, { offsetS: 5, now: () => 2_033_000 });
    const asked = server.requests.map((
      u,
    ) => [u.searchParams.get("query"), u.searchParams.get("time")]);
    const expected = [];
    for (const [start, end] of [["1000", "1065"], ["2000", "2033"]]) {
      for (const q of QUERIES) expected.push([q, start], [q, end]);
    }
    assert.deepEqual(asked, expected);
  });
});

Deno.test("scrapeRunWindows pairs values into before/after/delta per series key", async () => {
  await withServer(fakePrometheus, async (server) => {
    const scraped = await scrapeRunWindows(server.url, QUERIES, SUMMARY, {
      offsetS: 5,
      now: () => 2_033_000,
    });
    assert.deepEqual(ScrapedMetrics.parse(JSON.parse(JSON.stringify(scraped))), scraped);
    assert.equal(scraped.source, server.url);
    assert.equal(scraped.offset_s, 5);
    const [first, second] = scraped.runs;
    assert.deepEqual(
      { round: first.round, concurrency: first.concurrency, rate: first.request_rate },
      { round: 1, concurrency: 4, rate: null },
    );
    assert.deepEqual([first.start_s, first.end_s], [1000, 1065]);
    assert.deepEqual(first.metrics, {
      'vllm:num_requests_running{job="vllm"}': { before: null, after: 2, delta: null },
      'vllm:prompt_tokens_total{engine="0",job="vllm"}': {
        before: 10000,
        after: 10650,
        delta: 650,
      },
      'vllm:prompt_tokens_total{engine="1",job="vllm"}': { before: 1000, after: 1065, delta: 65 },
    }, "a query with no series in the window adds no key");
    assert.deepEqual(second.metrics["late_metric"], { before: null, after: 5, delta: null });
    assert.deepEqual(second.metrics['vllm:prompt_tokens_total{engine="0",job="vllm"}'], {
      before: 20000,
      after: 20330,
      delta: 330,
    });
    assert.deepEqual(second.metrics['vllm:num_requests_running{job="vllm"}'], {
      before: 2,
      after: 2,
      delta: 0,
    });
  });
});

Deno.test("scrapeRunWindows accepts a bare list of runs and reports progress per run", async () => {
  await withServer(fakePrometheus, async (server) => {
    const seen: string[] = [];
    const scraped = await scrapeRunWindows(server.url, ["vllm:prompt_tokens_total"], SUMMARY.runs, {
      now: () => 3_000_000,
      onRun: (run, index, total) => seen.push(`${run.round}:${index + 1}/${total}`),
    });
    assert.deepEqual(seen, ["1:1/2", "2:2/2"]);
    assert.equal(scraped.runs[1].end_s, 2030.5, "no offset by default");
  });
});

Deno.test("scrapeRunWindows stops with Prometheus' error for a bad query", async () => {
  await withServer(fakePrometheus, async (server) => {
    await assert.rejects(
      scrapeRunWindows(server.url, ["sum(x))"], SUMMARY),
      (e) =>
        e instanceof PrometheusApiError &&
        /for "sum\(x\)\)": bad_data: parse error/.test(e.message),
    );
  });
});
