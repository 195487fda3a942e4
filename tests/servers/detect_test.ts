/** @module Tests of server detection from /v1/models owned_by and /metrics names. */
import assert from "node:assert/strict";
import {
  decideKind,
  detectServer,
  kindFromModels,
  metricsClues,
} from "../../src/servers/detect.ts";
import { createMockApp } from "../../mock/app.ts";
import { startFake } from "../tokens/_fake.ts";

const page = (name: string) =>
  Deno.readTextFileSync(new URL(`../testdata/prom/${name}`, import.meta.url));
const models = (owned_by: string) => ({
  object: "list",
  data: [{ id: "m", object: "model", owned_by }],
});

Deno.test("kindFromModels reads owned_by of vLLM, SGLang, llama.cpp and the mock", () => {
  assert.equal(kindFromModels(models("vllm")), "vllm");
  assert.equal(kindFromModels(models("sglang")), "sglang");
  assert.equal(kindFromModels(models("llamacpp")), "llamacpp");
  assert.equal(kindFromModels(models("turnbench")), "mock");
  assert.equal(kindFromModels(models("openai")), null);
  assert.equal(kindFromModels({ nonsense: true }), null);
});

Deno.test("metricsClues finds engine prefixes and vLLM's published block size", () => {
  const vllm = metricsClues(page("vllm_metrics.txt"));
  assert.ok(vllm.prefixes.has("vllm"));
  assert.equal(vllm.blockSize, 16);
  assert.deepEqual([...metricsClues(page("llamacpp_metrics.txt")).prefixes], ["llamacpp"]);
  assert.ok(metricsClues(page("lmcache_metrics.txt")).prefixes.has("lmcache"));
});

Deno.test("decideKind: owned_by first, LMCache beside vLLM, metric names when owned_by says nothing", () => {
  const lm = metricsClues(page("lmcache_metrics.txt") + page("vllm_metrics.txt"));
  assert.equal(decideKind("vllm", lm).kind, "lmcache");
  assert.equal(decideKind(null, metricsClues(page("llamacpp_metrics.txt"))).kind, "llamacpp");
  assert.equal(decideKind(null, metricsClues(page("vllm_metrics.txt"))).kind, "vllm");
  assert.equal(decideKind(null, null).kind, "generic");
  // The mock shows vLLM and LMCache names but says who it is.
  assert.equal(decideKind("mock", lm).kind, "mock");
});

Deno.test("decideKind takes vLLM's block size from its cache config", () => {
  const clues = metricsClues(
    'vllm:cache_config_info{block_size="32",engine="0"} 1.0\nvllm:num_requests_running 0\n',
  );
  assert.deepEqual(decideKind("vllm", clues), {
    kind: "vllm",
    blockSize: 32,
    evidence: `owned_by "vllm"`,
  });
});

Deno.test("detectServer recognises the mock", async () => {
  const mock = createMockApp();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, mock.fetch);
  try {
    const d = await detectServer(`http://127.0.0.1:${server.addr.port}/v1/chat/completions`);
    assert.deepEqual(d, { kind: "mock", blockSize: 16, evidence: `owned_by "turnbench"` });
  } finally {
    mock.close();
    await server.shutdown();
  }
});

Deno.test("detectServer falls back to metric names when /v1/models fails", async () => {
  const text = page("llamacpp_metrics.txt");
  const fake = startFake({ "GET /metrics": () => new Response(text) });
  try {
    assert.equal((await detectServer(fake.origin)).kind, "llamacpp");
  } finally {
    await fake.close();
  }
});
