/** @module The stage graph: order, cycles, up- and downstream sets. */
import assert from "node:assert/strict";
import { downstreamOf, findCycle, topoOrder, upstreamOf } from "../../src/pipeline/dag.ts";

const G = {
  report: ["sweep"],
  sweep: ["merge", "mock"],
  mock: [],
  merge: ["sg", "lb"],
  sg: [],
  lb: [],
};

Deno.test("dag orders stages after their needs, keeping file order otherwise", () => {
  assert.deepEqual(topoOrder(G), ["sg", "lb", "merge", "mock", "sweep", "report"]);
});

Deno.test("dag finds stages up- and downstream of a set", () => {
  assert.deepEqual([...upstreamOf(G, ["merge"])].sort(), ["lb", "merge", "sg"]);
  assert.deepEqual([...downstreamOf(G, ["mock"])].sort(), ["mock", "report", "sweep"]);
});

Deno.test("dag names a cycle as a closed walk, or null without one", () => {
  assert.equal(findCycle(G), null);
  assert.deepEqual(findCycle({ a: ["b"], b: ["c"], c: ["a"], d: [] }), ["a", "b", "c", "a"]);
  assert.deepEqual(findCycle({ a: ["a"] }), ["a", "a"]);
});
