/** @module The README's comparison examples load with the real tasks into the jobs they name. */
import assert from "node:assert/strict";
import { parsePipeline } from "../../src/pipeline/load.ts";
import { TASKS } from "../../tasks/mod.ts";

const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
const section = readme.slice(readme.indexOf("## Comparing sweeps: matrix, repeat, compare"));
const [ab, real] = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

Deno.test("the README's A/B example is pipelines/ab.yaml's stages: two mocks, two sweeps, a compare", () => {
  const p = parsePipeline(ab, "README.md", { registry: TASKS, env: {} });
  assert.deepEqual(Object.keys(p.stages), [
    "mock[cache_tokens=on]",
    "mock[cache_tokens=off]",
    "sweep[cache_tokens=on]",
    "sweep[cache_tokens=off]",
    "compare",
  ]);
  assert.deepEqual(p.stages.compare.needs, ["sweep[cache_tokens=on]", "sweep[cache_tokens=off]"]);
  const file = parsePipeline(
    Deno.readTextFileSync(new URL("../../pipelines/ab.yaml", import.meta.url)),
    "pipelines/ab.yaml",
    { registry: TASKS, env: {} },
  );
  assert.deepEqual(Object.keys(file.stages), Object.keys(p.stages));
  assert.equal(file.stages["sweep[cache_tokens=off]"].with.repeat, 3);
});

Deno.test("the README's two-endpoint example validates: two sweeps of the same sample, compared", () => {
  const p = parsePipeline(real, "README.md", { registry: TASKS, env: {} });
  assert.deepEqual(Object.keys(p.stages), ["sessions", "vllm", "lmcache", "compare"]);
  assert.equal(p.stages.lmcache.with.seed, 7, "the same seeded sample as vllm");
  assert.equal(p.stages.lmcache.with.endpoint, "http://gpu-b:8000/v1/chat/completions");
  assert.deepEqual(p.stages.compare.needs, ["vllm", "lmcache"]);
});
