/** @module Tests of the server profiles: hit-rate formulas, series names found on real /metrics pages, kinds. */
import assert from "node:assert/strict";
import {
  cacheHitRate,
  parseServerKind,
  PROFILES,
  profileSeries,
  SERVER_KINDS,
} from "../../src/servers/profiles.ts";
import { createMockApp } from "../../mock/app.ts";
import { UserError } from "../../src/util/errors.ts";

const page = (name: string) =>
  Deno.readTextFileSync(new URL(`../testdata/prom/${name}`, import.meta.url));
/** Family names on a page (`_total` dropped), as profiles name series. */
const families = (text: string) =>
  new Set([...text.matchAll(/^([a-z_:]+?)(?:_total)?[ {]/gm)].map((m) => m[1]));

Deno.test("llama.cpp's hit rate counts cached over cached + processed", () => {
  // llamacpp:prompt_tokens_total counts only processed tokens.
  assert.equal(cacheHitRate(PROFILES.llamacpp, { prompt: 25, cached: 75 }), 0.75);
});

Deno.test("vLLM, SGLang, LMCache and the mock count cached over all prompt tokens", () => {
  for (const kind of ["vllm", "sglang", "lmcache", "mock"] as const) {
    assert.equal(cacheHitRate(PROFILES[kind], { prompt: 100, cached: 75 }), 0.75, kind);
  }
});

Deno.test("cacheHitRate is null without both deltas or without lookups", () => {
  assert.equal(cacheHitRate(PROFILES.vllm, { prompt: null, cached: 3 }), null);
  assert.equal(cacheHitRate(PROFILES.vllm, { prompt: 0, cached: 0 }), null);
  assert.equal(cacheHitRate(PROFILES.llamacpp, { prompt: 0, cached: 0 }), null);
});

Deno.test("the llama.cpp profile's series are on a real llama-server /metrics page", () => {
  const names = families(page("llamacpp_metrics.txt"));
  const m = PROFILES.llamacpp.metrics;
  for (const role of [m.prompt, m.cached, m.running, m.waiting]) {
    assert.ok(names.has(role[0]), role[0]);
  }
});

Deno.test("the vLLM and LMCache profiles' series are on their recorded /metrics pages", () => {
  const vllm = families(page("vllm_metrics.txt"));
  const m = PROFILES.vllm.metrics;
  for (const role of [m.prompt, m.cached, m.running, m.waiting, m.kvUsage]) {
    assert.ok(vllm.has(role[0]), role[0]);
  }
  const lm = families(page("lmcache_metrics.txt"));
  for (const name of [...PROFILES.lmcache.metrics.prompt, ...PROFILES.lmcache.metrics.cached]) {
    assert.ok(lm.has(name), name);
  }
});

Deno.test("the mock profile matches the mock: its series, its reset route, its block size", async () => {
  const mock = createMockApp();
  try {
    const names = families(await (await mock.app.request("/metrics")).text());
    const m = PROFILES.mock.metrics;
    for (const role of [m.prompt, m.cached, m.running, m.waiting, m.kvUsage]) {
      assert.ok(names.has(role[0]), role[0]);
    }
    assert.equal(PROFILES.mock.blockSize, mock.config.cache.block_size);
    const reset = PROFILES.mock.reset!.calls[0];
    assert.equal((await mock.app.request(reset.path, { method: reset.method })).status, 200);
  } finally {
    mock.close();
  }
});

Deno.test("block sizes: vLLM 16, token-granular SGLang and llama.cpp", () => {
  assert.equal(PROFILES.vllm.blockSize, 16);
  assert.equal(PROFILES.sglang.blockSize, 1);
  assert.equal(PROFILES.llamacpp.blockSize, 1);
});

Deno.test("profileSeries lists every series to scrape, vLLM's cache config included", () => {
  assert.ok(profileSeries(PROFILES.vllm).includes("vllm:cache_config_info"));
  assert.deepEqual(profileSeries(PROFILES.generic), []);
});

Deno.test("parseServerKind knows every kind and refuses others in one line", () => {
  for (const kind of SERVER_KINDS) assert.equal(parseServerKind(kind), kind);
  assert.throws(
    () => parseServerKind("tgi"),
    (e: unknown) =>
      e instanceof UserError && e.exitCode === 2 &&
      e.message ===
        `Cannot use server "tgi": expected one of "mock", "lmcache", "vllm", "sglang", "llamacpp", "generic"`,
  );
});

Deno.test("profileSeries names samples as a real llama-server page spells them", () => {
  const samples = new Set(
    [...page("llamacpp_metrics.txt").matchAll(/^([a-z_:]+)[ {]/gm)].map((m) => m[1]),
  );
  const wanted = profileSeries(PROFILES.llamacpp);
  assert.deepEqual(wanted.slice(0, 2), [
    "llamacpp:prompt_tokens_total",
    "llamacpp:prompt_tokens_cached_total",
  ]);
  // kv_cache_usage_ratio: older llama.cpp builds only.
  assert.deepEqual(wanted.filter((n) => !samples.has(n)), ["llamacpp:kv_cache_usage_ratio"]);
});
