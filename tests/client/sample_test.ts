/** @module Tests of picking the sessions a sweep replays. */
import assert from "node:assert/strict";
import { loadSample } from "../../src/client/sample.ts";
import { UserError } from "../../src/util/errors.ts";

const TWENTY = new URL("../testdata/client/twenty.jsonl", import.meta.url).pathname;
const ids = (s: { session_id: string }[]) => s.map((x) => x.session_id);

Deno.test("loadSample takes the first N sessions in file order without a seed", async () => {
  assert.deepEqual(ids(await loadSample(TWENTY, { numSamples: 3 })), ["s00", "s01", "s02"]);
  assert.equal((await loadSample(TWENTY)).length, 20);
});

Deno.test("loadSample with a seed draws the same sample every time, and another with another seed", async () => {
  const a = ids(await loadSample(TWENTY, { numSamples: 5, seed: 11 }));
  const again = ids(await loadSample(TWENTY, { numSamples: 5, seed: 11 }));
  const other = ids(await loadSample(TWENTY, { numSamples: 5, seed: 12 }));
  assert.deepEqual(a, again);
  assert.equal(new Set(a).size, 5);
  assert.notDeepEqual(a, other);
  assert.notDeepEqual(a, ["s00", "s01", "s02", "s03", "s04"]);
  const all = ids(await loadSample(TWENTY, { seed: 11 }));
  assert.deepEqual([...all].sort(), ids(await loadSample(TWENTY)));
  assert.notDeepEqual(all, ids(await loadSample(TWENTY)), "all sessions, in seeded order");
});

Deno.test("loadSample refuses an empty dataset", async () => {
  const empty = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    await assert.rejects(loadSample(empty), (e: Error) => e instanceof UserError);
  } finally {
    await Deno.remove(empty);
  }
});
