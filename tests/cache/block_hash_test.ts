/** @module Tests of chained block hashes: equal hashes for equal prefixes only, whole blocks only. */
import assert from "node:assert/strict";
import { chainedBlockHashes } from "../../src/cache/block_hash.ts";

Deno.test("chainedBlockHashes hashes whole blocks only", () => {
  assert.equal(chainedBlockHashes([1, 2, 3, 4, 5], 2).length, 2);
  assert.equal(chainedBlockHashes([1, 2, 3], 4).length, 0);
  assert.equal(chainedBlockHashes([1, 2, 3], 1).length, 3);
});

Deno.test("chainedBlockHashes agree on a shared prefix and part after the first different block", () => {
  const a = chainedBlockHashes([1, 2, 3, 4, 5, 6, 7, 8], 2);
  const b = chainedBlockHashes([1, 2, 3, 4, 9, 6, 7, 8], 2);
  assert.deepEqual(b.slice(0, 2), a.slice(0, 2));
  // Blocks 3 and 4 hold equal tokens but follow a different block: the chain tells them apart.
  assert.notEqual(b[2], a[2]);
  assert.notEqual(b[3], a[3]);
});

Deno.test("chainedBlockHashes depend on the block size and token order", () => {
  assert.notEqual(chainedBlockHashes([1, 2], 2)[0], chainedBlockHashes([2, 1], 2)[0]);
  assert.notEqual(chainedBlockHashes([1, 1], 1)[1], chainedBlockHashes([1, 1], 2)[0]);
});

Deno.test("chainedBlockHashes are 53-bit integers without collisions on many blocks", () => {
  const tokens = Array.from({ length: 200_000 }, (_, i) => (i * 2654435761) % 151_000);
  const hashes = chainedBlockHashes(tokens, 1);
  assert.ok(hashes.every((h) => Number.isSafeInteger(h) && h >= 0));
  assert.equal(new Set(hashes).size, hashes.length);
});

Deno.test("chainedBlockHashes reuses the output array it is given", () => {
  const out: number[] = [7, 7, 7, 7, 7];
  assert.equal(chainedBlockHashes([1, 2, 3, 4], 2, out), out);
  assert.equal(out.length, 2);
});
