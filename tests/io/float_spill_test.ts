/** @module Tests of the float64 spill file: values come back in order across chunks, and the file goes. */
import assert from "node:assert/strict";
import { FloatSpill } from "../../src/io/float_spill.ts";

Deno.test("a float spill gives back every value in order, across chunk boundaries", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const spill = FloatSpill.create(dir);
    const n = 8192 * 3 + 17;
    for (let i = 0; i < n; i++) spill.push(i * 0.5 - 3);
    const back: number[] = [];
    for (const chunk of spill.chunks()) back.push(...chunk);
    assert.equal(spill.count, n);
    assert.equal(back.length, n);
    assert.ok(back.every((v, i) => v === i * 0.5 - 3));
    spill.push(99); // appending after a read goes on from the end
    const again: number[] = [];
    for (const chunk of spill.chunks()) again.push(...chunk);
    assert.deepEqual(again.slice(-2), [(n - 1) * 0.5 - 3, 99]);
    spill.close();
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
