/** @module Tests of the session hash: FNV-1a's published vectors, and a stable, even split. */
import assert from "node:assert/strict";
import { fnv1a32, shardOf } from "../../src/shard/hash.ts";

Deno.test("fnv1a32 matches the published FNV-1a 32-bit test vectors", () => {
  assert.equal(fnv1a32(""), 0x811c9dc5);
  assert.equal(fnv1a32("a"), 0xe40c292c);
  assert.equal(fnv1a32("foobar"), 0xbf9cf968);
  assert.equal(fnv1a32("é"), fnv1a32("\u00e9"), "hashes UTF-8 bytes");
  assert.notEqual(fnv1a32("é"), fnv1a32("e\u0301"), "no normalization: the bytes decide");
});

Deno.test("shardOf pins known ids to shards, so every machine and run agrees", () => {
  const ids = ["sharegpt-1", "sharegpt-2", "longbench-qa-7", "s0", "s1", "s2", "s3"];
  assert.deepEqual(ids.map((id) => shardOf(id, 4)), [3, 2, 0, 2, 1, 0, 3]);
  assert.equal(shardOf("anything", 1), 0);
  assert.throws(() => shardOf("x", 0), RangeError);
});

Deno.test("shardOf splits many ids about evenly", () => {
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) counts[shardOf(`sharegpt-${i}`, 4)]++;
  for (const c of counts) assert.ok(c > 850 && c < 1150, `${counts}`);
});
