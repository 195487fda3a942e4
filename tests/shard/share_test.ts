/** @module Tests of the load shares: together the shards apply the configured load. */
import assert from "node:assert/strict";
import { arrivalSeed, concurrencyShare, levelShare } from "../../src/shard/share.ts";
import { UserError } from "../../src/util/errors.ts";

Deno.test("concurrency shares are floor/ceil parts that add up to the level", () => {
  for (const count of [1, 2, 3, 4, 7]) {
    for (const c of [count, 10, 11, 64, 101]) {
      const shares = Array.from(
        { length: count },
        (_, index) => concurrencyShare(c, { index, count }),
      );
      assert.equal(shares.reduce((a, b) => a + b, 0), c, `${c} over ${count}`);
      assert.ok(Math.max(...shares) - Math.min(...shares) <= 1);
    }
  }
  assert.deepEqual([0, 1, 2, 3].map((index) => concurrencyShare(10, { index, count: 4 })), [
    3,
    3,
    2,
    2,
  ]);
});

Deno.test("a concurrency below the shard count is refused", () => {
  assert.throws(
    () => concurrencyShare(2, { index: 0, count: 4 }),
    (e) => e instanceof UserError && /concurrency "2" over "4" shards/.test(e.message),
  );
});

Deno.test("a request rate is split evenly, each shard with its own arrival seed", () => {
  const rates = [0, 1, 2, 3].map((index) =>
    levelShare({ concurrency: null, rate: 10 }, { index, count: 4 })
  );
  assert.deepEqual(rates, Array(4).fill({ concurrency: null, rate: 2.5 }));
  const seeds = [0, 1, 2, 3].map((index) => arrivalSeed(7, { index, count: 4 }));
  assert.equal(seeds[0], 7, "one shard of one is the plain sweep");
  assert.equal(new Set(seeds).size, 4);
});
