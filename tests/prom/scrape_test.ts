/** @module Tests of scrapeMetrics against a real HTTP server on 127.0.0.1. */
import assert from "node:assert/strict";
import { scrapeMetrics, scrapeMetricsDetailed } from "../../src/prom/scrape.ts";
import { parseExpositionText } from "../../src/prom/exposition.ts";
import { seriesKey } from "../../src/prom/series.ts";
import { UserError } from "../../src/util/errors.ts";
import { closedPort, fixture, rejection, withHangingServer, withServer } from "./_server.ts";

const PAGE = fixture("vllm_metrics.txt") + fixture("lmcache_metrics.txt");
const MODEL = 'model_name="meta-llama/Llama-3.1-8B-Instruct"';
const ENGINE0 = `engine="0",${MODEL}`;

/** Serves PAGE in small chunks, so lines cross chunk boundaries. */
function metricsPage(): Response {
  const bytes = new TextEncoder().encode(PAGE);
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 97));
      at += 97;
    },
  });
  return new Response(body, { headers: { "content-type": "text/plain; version=0.0.4" } });
}

Deno.test("scrapeMetrics keeps only the requested families, keyed by sorted series text", async () => {
  await withServer(metricsPage, async (server) => {
    const values = await scrapeMetrics(`${server.url}/metrics`, [
      "vllm:prefix_cache_hits_total",
      "vllm:request_success_total",
    ]);
    assert.deepEqual([...values.entries()].sort(), [
      [`vllm:prefix_cache_hits_total{${ENGINE0}}`, 131072],
      [`vllm:request_success_total{engine="0",finished_reason="abort",${MODEL}}`, 0],
      [`vllm:request_success_total{engine="0",finished_reason="length",${MODEL}}`, 9],
      [`vllm:request_success_total{engine="0",finished_reason="stop",${MODEL}}`, 151],
    ]);
    assert.equal(server.requests[0].pathname, "/metrics");
  });
});

Deno.test("scrapeMetrics returns a histogram's buckets, sum and count but not its _created", async () => {
  await withServer(metricsPage, async (server) => {
    const values = await scrapeMetrics(server.url, ["vllm:time_to_first_token_seconds"]);
    const expected = parseExpositionText(fixture("vllm_metrics.txt")).filter((s) =>
      /^vllm:time_to_first_token_seconds_(bucket|sum|count)$/.test(s.name)
    );
    assert.equal(values.size, expected.length);
    for (const s of expected) assert.equal(values.get(seriesKey(s.name, s.labels)), s.value);
    assert.ok(values.has(`vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",${MODEL}}`));
    assert.ok(![...values.keys()].some((k) => k.includes("_created")));
  });
});

Deno.test("scrapeMetrics asks for the text format and reads a gzip-compressed page", async () => {
  const gzipped = () =>
    new Response(new Blob([PAGE]).stream().pipeThrough(new CompressionStream("gzip")), {
      headers: { "content-encoding": "gzip", "content-type": "text/plain; version=0.0.4" },
    });
  let accept = "";
  await withServer((req) => {
    accept = req.headers.get("accept") ?? "";
    return gzipped();
  }, async (server) => {
    const values = await scrapeMetrics(server.url, ["vllm:kv_cache_usage_perc"]);
    assert.deepEqual([...values], [[`vllm:kv_cache_usage_perc{${ENGINE0}}`, 0.4203125]]);
    assert.match(accept, /^text\/plain;version=0\.0\.4/);
  });
});

Deno.test("scrapeMetrics with a full series selector keeps that series only", async () => {
  await withServer(metricsPage, async (server) => {
    const values = await scrapeMetrics(server.url, [
      'vllm:request_success_total{finished_reason="stop"}',
      'lmcache:time_to_retrieve{le="+Inf"}',
    ]);
    assert.deepEqual([...values.keys()].sort(), [
      'lmcache:time_to_retrieve_bucket{le="+Inf",model_name="meta-llama/Llama-3.1-8B-Instruct",role="worker",worker_id="0"}',
      `vllm:request_success_total{engine="0",finished_reason="stop",${MODEL}}`,
    ]);
  });
});

Deno.test("scrapeMetrics lists requested names absent from the page without failing", async () => {
  await withServer(metricsPage, async (server) => {
    const result = await scrapeMetricsDetailed(server.url, [
      "vllm:num_requests_running",
      "sglang:cache_hit_rate",
      'vllm:num_requests_running{engine="7"}',
      "lmcache:lookup_hit_rate",
    ]);
    assert.deepEqual(result.missing, [
      "sglang:cache_hit_rate",
      'vllm:num_requests_running{engine="7"}',
    ]);
    assert.deepEqual([...result.values.keys()].sort(), [
      'lmcache:lookup_hit_rate{model_name="meta-llama/Llama-3.1-8B-Instruct",role="worker",worker_id="0"}',
      `vllm:num_requests_running{${ENGINE0}}`,
    ]);
    assert.ok(Number.isNaN([...result.values.values()].find((v) => v !== 3)));
    assert.equal(result.samples, parseExpositionText(PAGE).length);
    assert.deepEqual([...result.types.values()], ["gauge", "gauge"]);
  });
});

Deno.test("scrapeMetrics with no names keeps every series of the page", async () => {
  await withServer(metricsPage, async (server) => {
    const values = await scrapeMetrics(server.url, []);
    assert.equal(values.size, parseExpositionText(PAGE).length);
  });
});

Deno.test("scrapeMetrics throws a UserError naming the URL and status on a 500", async () => {
  await withServer(() => new Response("engine dead", { status: 500 }), async (server) => {
    const error = await rejection(scrapeMetrics(`${server.url}/metrics`, ["x"]));
    assert.ok(error instanceof UserError);
    assert.equal(
      error.message,
      `Cannot scrape metrics from "${server.url}/metrics": HTTP 500 Internal Server Error`,
    );
  });
});

Deno.test("scrapeMetrics throws a UserError when nothing listens on the port", async () => {
  const url = `http://127.0.0.1:${closedPort()}/metrics`;
  const error = await rejection(scrapeMetrics(url, ["x"]));
  assert.ok(error instanceof UserError);
  assert.equal(error.message, `Cannot scrape metrics from "${url}": connection refused`);
});

Deno.test("scrapeMetrics throws a UserError with the line number of a malformed page", async () => {
  await withServer(() => new Response('# TYPE a gauge\na 1\nb{x="1} 2\n'), async (server) => {
    const error = await rejection(scrapeMetrics(server.url, ["a"]));
    assert.ok(error instanceof UserError);
    assert.match(
      error.message,
      /^Cannot scrape metrics from "http:\/\/127\.0\.0\.1:\d+": line 3, column 5: value of label "x" is not closed by a quote$/,
    );
  });
});

Deno.test("scrapeMetrics gives up after timeoutMs on a server that never answers", async () => {
  await withHangingServer(async (server) => {
    const error = await rejection(scrapeMetrics(server.url, ["late"], { timeoutMs: 150 }));
    assert.ok(error instanceof UserError);
    assert.match(error.message, /no complete response within 150 ms$/);
  });
});

Deno.test("scrapeMetrics rethrows the caller's abort reason, not a UserError", async () => {
  await withHangingServer(async (server) => {
    const controller = new AbortController();
    const pending = rejection(scrapeMetrics(server.url, ["late"], { signal: controller.signal }));
    controller.abort(new Error("stop now"));
    const error = await pending;
    assert.ok(!(error instanceof UserError));
    assert.equal(error.message, "stop now");
  });
});
