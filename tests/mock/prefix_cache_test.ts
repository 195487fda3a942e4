/** @module Chained block hashes and LRU eviction of the simulated prefix cache. */
import assert from "node:assert/strict";
import { blockHashes, PrefixCache } from "../../mock/prefix_cache.ts";

const seq = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

Deno.test("block hashes cover full blocks only and chain on the whole prefix", () => {
  const a = blockHashes(seq(10), 4);
  assert.equal(a.length, 2);
  const b = blockHashes([...seq(4), ...seq(4, 100), 8, 9], 4);
  assert.equal(a[0], b[0], "same first block, same hash");
  assert.notEqual(a[1], b[1]);
  // Same second block after a different first block: the chain makes it differ.
  const c = blockHashes([...seq(4, 50), ...seq(4, 4)], 4);
  assert.notEqual(c[1], a[1]);
  assert.ok(a.every(Number.isSafeInteger));
});

Deno.test("a prompt hits the leading cached blocks and never its last token", () => {
  const cache = new PrefixCache(4, 1000);
  assert.deepEqual(cache.lookupAndInsert(seq(10)), { queried: 10, cached: 0 });
  assert.equal(cache.lookupAndInsert(seq(14)).cached, 8);
  assert.equal(
    cache.lookupAndInsert(seq(12)).cached,
    8,
    "12 tokens: 3 blocks, last one recomputed",
  );
  assert.equal(cache.lookupAndInsert([99, ...seq(13)]).cached, 0, "different first token");
  cache.reset();
  assert.equal(cache.size, 0);
  assert.equal(cache.lookupAndInsert(seq(14)).cached, 0);
});

Deno.test("the cache holds at most its capacity and evicts least recently used chains", () => {
  const cache = new PrefixCache(4, 16);
  assert.equal(cache.capacityBlocks, 4);
  cache.lookupAndInsert(seq(17, 0)); // 4 blocks of chain A
  cache.lookupAndInsert(seq(9, 1000)); // 2 blocks of chain B evict A's 2 tail blocks
  assert.equal(cache.size, 4);
  assert.equal(cache.lookupAndInsert(seq(17, 0)).cached, 8, "A's head survived, its tail did not");
  for (let i = 0; i < 50; i++) cache.lookupAndInsert(seq(40, i * 100));
  assert.equal(cache.size, 4);
});
