/** @module Tests of the exposition-format parser on vLLM, LMCache and OpenMetrics pages. */
import assert from "node:assert/strict";
import {
  ExpositionParser,
  ExpositionSyntaxError,
  parseExposition,
  parseExpositionText,
} from "../../src/prom/exposition.ts";
import type { Sample } from "../../src/prom/exposition.ts";
import { fixture } from "./_server.ts";

const MODEL = "meta-llama/Llama-3.1-8B-Instruct";

function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample {
  const hit = samples.find((s) =>
    s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  );
  assert.ok(hit, `no sample ${name} ${JSON.stringify(labels)}`);
  return hit;
}

/** Sample lines of a page, counted without the parser: non-blank lines not starting with `#`. */
function sampleLineCount(text: string): number {
  return text.split("\n").filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#")).length;
}

Deno.test("exposition parser reads every sample of a vLLM /metrics page with its family and type", () => {
  const text = fixture("vllm_metrics.txt");
  const samples = parseExpositionText(text);
  assert.equal(samples.length, sampleLineCount(text));

  const running = find(samples, "vllm:num_requests_running");
  assert.deepEqual(running.labels, { engine: "0", model_name: MODEL });
  assert.equal(running.value, 3);
  assert.equal(running.type, "gauge");
  assert.equal(running.timestamp, null);

  const hits = find(samples, "vllm:prefix_cache_hits_total");
  assert.equal(hits.type, "counter");
  assert.equal(hits.family, "vllm:prefix_cache_hits_total");
  assert.equal(hits.value, 131072);
  const created = find(samples, "vllm:prefix_cache_hits_created");
  assert.equal(created.type, "gauge");
  assert.equal(created.value, 1.7638963469114563e9);

  const stop = find(samples, "vllm:request_success_total", { finished_reason: "stop" });
  assert.equal(stop.value, 151);

  const info = find(samples, "vllm:cache_config_info");
  assert.equal(info.labels.num_gpu_blocks, "29096");
  assert.equal(Object.keys(info.labels).length, 15);
});

Deno.test("exposition parser attributes histogram buckets, sum and count to their family", () => {
  const samples = parseExpositionText(fixture("vllm_metrics.txt"));
  const ttft = samples.filter((s) => s.family === "vllm:time_to_first_token_seconds");
  const names = new Set(ttft.map((s) => s.name));
  assert.deepEqual([...names].sort(), [
    "vllm:time_to_first_token_seconds_bucket",
    "vllm:time_to_first_token_seconds_count",
    "vllm:time_to_first_token_seconds_sum",
  ]);
  assert.ok(ttft.every((s) => s.type === "histogram"));

  const buckets = ttft.filter((s) => s.name.endsWith("_bucket"));
  const counts = buckets.map((s) => s.value);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), "buckets are cumulative");
  const inf = buckets.find((s) => s.labels.le === "+Inf");
  assert.ok(inf);
  assert.equal(inf.value, find(samples, "vllm:time_to_first_token_seconds_count").value);
  assert.ok(find(samples, "vllm:time_to_first_token_seconds_sum").value > 0);
});

Deno.test("exposition parser reads LMCache metrics with NaN and +Inf values", () => {
  const samples = parseExpositionText(fixture("lmcache_metrics.txt"));
  const labels = { model_name: MODEL, role: "worker", worker_id: "0" };
  assert.ok(Number.isNaN(find(samples, "lmcache:lookup_hit_rate", labels).value));
  assert.equal(find(samples, "lmcache:remote_ping_latency").value, Infinity);
  assert.equal(find(samples, "lmcache:local_cache_usage").value, 1.2884901888e10);
  const bucket = find(samples, "lmcache:time_to_retrieve_bucket", { le: "0.1" });
  assert.equal(bucket.family, "lmcache:time_to_retrieve");
  assert.deepEqual(bucket.labels, { le: "0.1", ...labels });
});

Deno.test("exposition parser tolerates OpenMetrics: counter families, exemplars, UNIT, EOF", () => {
  const text = fixture("openmetrics.txt") + 'after_eof{a="not parsed"\n';
  const parser = new ExpositionParser();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const s = parser.parseLine(line);
    if (s) samples.push(s);
  }
  assert.ok(parser.done);
  assert.equal(samples.length, sampleLineCount(fixture("openmetrics.txt")));
  const total = find(samples, "vllm:prompt_tokens_total");
  assert.equal(total.family, "vllm:prompt_tokens");
  assert.equal(total.type, "counter");
  assert.equal(find(samples, "vllm:prompt_tokens_created").family, "vllm:prompt_tokens");
  const bucket = find(samples, "vllm:time_to_first_token_seconds_bucket", { le: "0.1" });
  assert.equal(bucket.value, 3);
  assert.equal(bucket.timestamp, null, "the exemplar's timestamp is not the sample's");
  assert.equal(parser.families.get("vllm:time_to_first_token_seconds")?.unit, "seconds");
  const q99 = find(samples, "rpc_duration_seconds", { quantile: "0.99" });
  assert.equal(q99.type, "summary");
  assert.equal(find(samples, "rpc_duration_seconds_count").family, "rpc_duration_seconds");
  assert.equal(find(samples, "turnbench_build_info").type, "info");
});

Deno.test("exposition parser undoes label escapes for quotes, backslashes and newlines", () => {
  const [s] = parseExpositionText(
    'x{path="C:\\\\dir\\\\",msg="say \\"hi\\"\\nbye",tab="a\\tb",empty="",} 1\n',
  );
  assert.equal(s.labels.path, "C:\\dir\\");
  assert.equal(s.labels.msg, 'say "hi"\nbye');
  assert.equal(s.labels.tab, "a\\tb", "an unknown escape keeps its backslash");
  assert.equal(s.labels.empty, "");
  assert.equal(s.labels["}"], undefined);
});

Deno.test("exposition parser reads special values, timestamps, spacing and CRLF", () => {
  const samples = parseExpositionText(
    [
      "a NaN",
      "b +Inf 1700000000000",
      "c -Inf",
      '  d{x = "1" , y="2"}\t-3.5e-2   42',
      "e 7\r",
      'f{__proto__="p"} .5',
      '{"my.dotted.metric", "http.status"="200"} 1e3',
    ].join("\n"),
  );
  assert.ok(Number.isNaN(samples[0].value));
  assert.equal(samples[1].value, Infinity);
  assert.equal(samples[1].timestamp, 1700000000000);
  assert.equal(samples[2].value, -Infinity);
  assert.deepEqual(samples[3].labels, { x: "1", y: "2" });
  assert.equal(samples[3].value, -0.035);
  assert.equal(samples[3].timestamp, 42);
  assert.equal(samples[4].value, 7);
  assert.equal(samples[5].value, 0.5);
  assert.equal(Object.getOwnPropertyDescriptor(samples[5].labels, "__proto__")?.value, "p");
  assert.equal(samples[6].name, "my.dotted.metric");
  assert.deepEqual(samples[6].labels, { "http.status": "200" });
});

Deno.test("exposition parser keeps HELP text unescaped per family", () => {
  const parser = new ExpositionParser();
  parser.parseLine("# HELP x first\\nsecond \\\\ end");
  parser.parseLine("# TYPE x gauge");
  parser.parseLine("# just a comment about x");
  const family = parser.families.get("x");
  assert.equal(family?.help, "first\nsecond \\ end");
  assert.equal(family?.type, "gauge");
});

const MALFORMED: [string, string, number, number, RegExp][] = [
  ["unterminated label value", 'ok 1\n\nx{a="1} 2', 3, 5, /not closed/],
  ["missing value", 'ok 1\nx{a="1"}', 2, 9, /expected a value/],
  ["bad value", "x 1.2.3", 1, 3, /invalid value "1.2.3"/],
  ["bad timestamp", "x 1 soon", 1, 5, /invalid timestamp "soon"/],
  ["text after timestamp", "x 1 2 3", 1, 7, /unexpected text "3"/],
  ["label name starting with a digit", 'x{1a="b"} 1', 1, 3, /label name/],
  ["missing equals sign", 'x{a "b"} 1', 1, 5, /expected "="/],
  ["unquoted label value", "x{a=b} 1", 1, 5, /quoted value/],
  ["duplicate label", 'x{a="1",a="2"} 1', 1, 11, /"a" given twice/],
  ["unknown type", "# TYPE x countr", 1, 10, /unknown metric type "countr"/],
  ["no metric name", '{a="b"} 1', 1, 1, /metric name/],
  ["bad character in name", "x-y 1", 1, 2, /invalid character "-"/],
  ["conflicting TYPE lines", "# TYPE x gauge\n# TYPE x counter", 2, 1, /second TYPE line/],
];

for (const [what, text, line, column, message] of MALFORMED) {
  Deno.test(`exposition parser reports ${what} with its line and column`, () => {
    let error: unknown;
    try {
      parseExpositionText(text);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof SyntaxError);
    assert.ok(error instanceof ExpositionSyntaxError);
    assert.equal(error.line, line);
    assert.equal(error.column, column);
    assert.match(error.message, message);
    assert.match(
      error.message,
      new RegExp(`^Cannot parse exposition line ${line}, column ${column}: `),
    );
  });
}

Deno.test("exposition parser gives the same samples streamed line by line as from a string", async () => {
  const text = fixture("vllm_metrics.txt") + fixture("lmcache_metrics.txt");
  async function* lines() {
    for (const line of text.split("\n")) {
      await Promise.resolve();
      yield line;
    }
  }
  const streamed: Sample[] = [];
  for await (const s of parseExposition(lines())) streamed.push(s);
  assert.deepEqual(streamed, parseExpositionText(text));
  assert.equal(streamed.length, sampleLineCount(text));
});
