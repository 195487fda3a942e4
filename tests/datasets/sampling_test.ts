/** @module Tests for seeded sampling: the PRNG, the reservoir, the disk-backed shuffle. */
import assert from "node:assert/strict";
import { Reservoir, seededRandom } from "../../src/io/random.ts";
import { ShuffleSpill } from "../../src/datasets/spill.ts";
import { UniqueIds } from "../../src/datasets/unique_ids.ts";
import { listDir, withTempDir } from "./helpers.ts";

Deno.test("seededRandom repeats its sequence for a seed and differs between seeds", () => {
  const take = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
  assert.deepEqual(take(1), take(1));
  assert.notDeepEqual(take(1), take(2));
  assert.ok(take(3).every((x) => x >= 0 && x < 1));
});

Deno.test("Reservoir keeps a bounded, roughly uniform sample", () => {
  const counts = new Array(10).fill(0);
  for (let trial = 0; trial < 2000; trial++) {
    const r = new Reservoir<number>(3, seededRandom(trial));
    for (let i = 0; i < 10; i++) r.offer(i);
    const picked = r.take();
    assert.equal(picked.length, 3);
    for (const x of picked) counts[x]++;
  }
  // Each of the 10 items should be picked about 2000 * 3 / 10 = 600 times.
  for (const c of counts) assert.ok(c > 480 && c < 720, `count ${c}`);
});

Deno.test("ShuffleSpill returns every line once in a seeded order and removes its file", async () => {
  await withTempDir(async (dir) => {
    const run = async (seed: number) => {
      const spill = await ShuffleSpill.create(dir);
      try {
        for (let i = 0; i < 500; i++) await spill.add(`line ${i} ${"é".repeat(i % 7)}`);
        const out: string[] = [];
        for await (const line of spill.drain(seededRandom(seed))) out.push(line);
        return out;
      } finally {
        await spill.close();
      }
    };
    const a = await run(4);
    assert.deepEqual(await run(4), a);
    assert.equal(new Set(a).size, 500);
    assert.ok(a.includes(`line 13 ${"é".repeat(6)}`));
    assert.notEqual(a[0], "line 0 ");
    assert.deepEqual(await listDir(dir), []);
  });
});

Deno.test("UniqueIds prefixes a clash when asked, then numbers it", () => {
  const ids = new UniqueIds();
  assert.deepEqual(
    [ids.take("a"), ids.take("a"), ids.take("a", "src"), ids.take("a", "src"), ids.take("a-2")],
    ["a", "a-2", "src-a", "src-a-2", "a-2-2"],
  );
  assert.equal(ids.renamed, 4);
});
