/** @module Tests of the order-free exact float sum behind every mean. */
import assert from "node:assert/strict";
import { ExactSum } from "../../src/stats/exact_sum.ts";
import { seededRandom } from "../../src/io/random.ts";

const sum = (values: Iterable<number>) => {
  const s = new ExactSum();
  for (const v of values) s.add(v);
  return s.value();
};

Deno.test("ExactSum rounds the true sum once where plain addition drifts", () => {
  assert.equal(0.1 + 0.2 + 0.3, 0.6000000000000001);
  assert.equal(sum([0.1, 0.2, 0.3]), 0.6);
  assert.equal(sum([1e100, 1, -1e100]), 1);
  assert.equal(sum([]), 0);
  assert.equal(sum([2 ** 53, 1, 1]), 2 ** 53 + 2);
});

Deno.test("ExactSum gives the same bits in any order of the same terms", () => {
  const rand = seededRandom(7);
  const values = Array.from({ length: 20_000 }, () => Math.exp(rand() * 12) * (rand() - 0.3));
  const ascending = [...values].sort((a, b) => a - b);
  const shuffled = [...values].sort(() => rand() - 0.5);
  const plain = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  assert.notEqual(plain(values), plain(ascending), "the terms are chosen so plain sums differ");
  assert.equal(sum(values), sum(ascending));
  assert.equal(sum(values), sum(shuffled));
  assert.equal(sum(values), sum(ascending.reverse()));
});

Deno.test("ExactSum of an infinite or NaN term is what plain addition gives", () => {
  assert.equal(sum([1, Infinity, 2]), Infinity);
  assert.ok(Number.isNaN(sum([Infinity, -Infinity, 1])));
  assert.ok(Number.isNaN(sum([1, NaN])));
});
