/** @module Tests of a run's cache truth: expected, reported and scraped side by side. */
import assert from "node:assert/strict";
import { cacheTruth } from "../../src/cache/truth.ts";

Deno.test("cacheTruth calls reported below expected eviction or a missed hit", () => {
  const t = cacheTruth(1000, 600, 610);
  assert.equal(t.efficiency, 0.6);
  assert.equal(t.verdict, "below");
  assert.equal(t.scraped, 610);
});

Deno.test("cacheTruth calls reported above expected a cache the client did not know", () => {
  assert.equal(cacheTruth(100, 950, null).verdict, "above");
});

Deno.test("cacheTruth agrees within 2%", () => {
  assert.equal(cacheTruth(1000, 985, 985).verdict, "agree");
  assert.equal(cacheTruth(0, 0, 0).verdict, "agree");
});

Deno.test("cacheTruth has no efficiency without a report or an expectation", () => {
  assert.deepEqual(cacheTruth(100, null, null), {
    expected: 100,
    reported: null,
    scraped: null,
    efficiency: null,
    verdict: null,
  });
  assert.equal(cacheTruth(0, 5, null).efficiency, null);
});

Deno.test("cacheTruth forgives reported above expected up to the generated-tokens allowance", () => {
  assert.equal(cacheTruth(1000, 1100, null, 0.02, 90).verdict, "agree");
  assert.equal(cacheTruth(1000, 1200, null, 0.02, 90).verdict, "above");
  assert.equal(cacheTruth(1000, 900, null, 0.02, 500).verdict, "below");
});
