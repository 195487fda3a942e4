/** @module The compare stage's parameters and its labels taken from the matrix jobs it needs. */
import assert from "node:assert/strict";
import compare, { CompareParams, jobLabels } from "../../tasks/compare.ts";

const needs = (dirs: Record<string, string>) =>
  Object.fromEntries(Object.entries(dirs).map(([job, dir]) => [job, { dir, outputs: {} }]));

Deno.test("the compare stage labels folders by the matrix values of the jobs behind them", () => {
  const n = needs({ "sweep[cache=on]": "/c/1", "sweep[cache=off]": "/c/2" });
  assert.deepEqual(jobLabels(["/c/2", "/c/1"], n), ["cache=off", "cache=on"]);
  const mixed = needs({ "sweep[cache=on]": "/c/1", nightly: "/c/3" });
  assert.deepEqual(jobLabels(["/c/1", "/c/3"], mixed), ["sweep[cache=on]", "nightly"]);
  assert.deepEqual(jobLabels(["/c/1", "runs/old/"], needs({ "sweep[a=1]": "/c/1" })), [
    "a=1",
    "old",
  ]);
});

Deno.test("the compare stage takes two or more folders and checks its knobs", () => {
  assert.equal(compare.name, "compare");
  const ok = CompareParams.parse({ results: ["a", "b"] });
  assert.deepEqual(ok, {
    results: ["a", "b"],
    confidence: 0.95,
    iterations: 2000,
    seed: 1,
    min_effect_pct: 0,
  });
  assert.equal(CompareParams.safeParse({ results: ["a"] }).success, false);
  assert.equal(CompareParams.safeParse({ results: ["a", "b"], confidence: 1 }).success, false);
  assert.equal(CompareParams.safeParse({ results: ["a", "b"], labels: [""] }).success, false);
});
