/** @module Tests of before/after/delta pairing of scraped series. */
import assert from "node:assert/strict";
import { metricDeltas } from "../../src/prom/delta.ts";
import { MetricDelta } from "../../src/results/summary.ts";

Deno.test("metricDeltas subtracts before from after for series in both scrapes", () => {
  const before = new Map([["vllm:prompt_tokens_total", 1000], ["vllm:num_requests_running", 4]]);
  const after = new Map([["vllm:prompt_tokens_total", 1750.5], ["vllm:num_requests_running", 1]]);
  assert.deepEqual(metricDeltas(before, after), {
    "vllm:num_requests_running": { before: 4, after: 1, delta: -3 },
    "vllm:prompt_tokens_total": { before: 1000, after: 1750.5, delta: 750.5 },
  });
});

Deno.test("metricDeltas keeps series seen once with a null delta", () => {
  const out = metricDeltas(new Map([["gone", 2]]), new Map([["new", 5]]));
  assert.deepEqual(out, {
    gone: { before: 2, after: null, delta: null },
    new: { before: null, after: 5, delta: null },
  });
});

Deno.test("metricDeltas records non-finite values as null so the result is valid JSON", () => {
  const out = metricDeltas(new Map([["a", NaN], ["b", 1]]), new Map([["a", 3], ["b", Infinity]]));
  assert.deepEqual(out.a, { before: null, after: 3, delta: null });
  assert.deepEqual(out.b, { before: 1, after: null, delta: null });
  for (const entry of Object.values(out)) MetricDelta.parse(entry);
  assert.deepEqual(JSON.parse(JSON.stringify(out)), out);
});

Deno.test("metricDeltas of a failed scrape gives every series of the other side", () => {
  assert.deepEqual(metricDeltas(null, new Map([["x", 1]])), {
    x: { before: null, after: 1, delta: null },
  });
  assert.deepEqual(metricDeltas(new Map([["x", 1]]), null), {
    x: { before: 1, after: null, delta: null },
  });
  assert.deepEqual(metricDeltas(null, null), {});
});

Deno.test("metricDeltas sorts series keys and survives a __proto__ key", () => {
  const out = metricDeltas(new Map([["b", 1], ["__proto__", 1], ["a", 1]]), new Map([["a", 2]]));
  assert.deepEqual(Object.keys(out), ["__proto__", "a", "b"]);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
});

Deno.test("metricDeltas records each series' family type when it is known", () => {
  const before = new Map([["memory_usage_bytes", 10], ["x_total", 1]]);
  const after = new Map([["memory_usage_bytes", 30], ["x_total", 4]]);
  const types = new Map([["memory_usage_bytes", "gauge"]]);
  assert.deepEqual(metricDeltas(before, after, types), {
    "memory_usage_bytes": { before: 10, after: 30, delta: 20, type: "gauge" },
    "x_total": { before: 1, after: 4, delta: 3 },
  });
});
