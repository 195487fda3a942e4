/** @module Tests of the typed-array map from 53-bit block hashes to owners. */
import assert from "node:assert/strict";
import { ABSENT, HashTable } from "../../src/cache/hash_table.ts";
import { seeded } from "../tokens/_files.ts";

Deno.test("HashTable agrees with a Map on many 53-bit keys, through growth and overwrites", () => {
  const rand = seeded(53);
  const t = new HashTable(16);
  const m = new Map<number, number>();
  for (let i = 0; i < 20_000; i++) {
    const key = Math.floor(rand() * 2 ** 21) * 2 ** 32 + Math.floor(rand() * 2 ** 32);
    const value = Math.floor(rand() * 1000) - 1;
    t.set(key, value);
    m.set(key, value);
    if (i % 7 === 0) {
      const old = [...m.keys()][Math.floor(rand() * m.size)];
      t.set(old, -1);
      m.set(old, -1);
    }
  }
  assert.equal(t.size, m.size);
  for (const [k, v] of m) assert.equal(t.get(k), v);
  assert.equal(t.get(2 ** 52 + 12345), ABSENT);
  assert.equal(t.has(0), m.has(0));
  t.clear();
  assert.equal(t.size, 0);
  assert.equal(t.get([...m.keys()][0]), ABSENT);
});

Deno.test("HashTable tells keys apart that share a half", () => {
  const t = new HashTable();
  t.set(5, 1);
  t.set(2 ** 32 + 5, 2);
  t.set(2 ** 32, 3);
  t.set(0, 4);
  assert.deepEqual([t.get(5), t.get(2 ** 32 + 5), t.get(2 ** 32), t.get(0)], [1, 2, 3, 4]);
});
