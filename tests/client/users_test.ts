/** @module Tests of users mode's conversation supply and start offsets. */
import assert from "node:assert/strict";
import { SessionSupply, userStartOffsets } from "../../src/client/users.ts";

const sample = [
  { id: "a", turns: 3 },
  { id: "b", turns: 2 },
  { id: "c", turns: 4 },
];
type Item = { id: string; turns: number };
const shape = { id: (s: Item) => s.id, turns: (s: Item) => s.turns };
const drain = <T>(supply: SessionSupply<T>, now = () => 0) => {
  const out = [];
  for (let h = supply.next(now()); h; h = supply.next(now())) out.push(h);
  return out;
};

Deno.test("without cycle the supply hands the sample out once, in order", () => {
  const s = new SessionSupply(sample, shape);
  assert.deepEqual(drain(s).map((h) => [h.key, h.index, h.cycle, h.turns, h.seq]), [
    ["a", 0, 0, 3, 0],
    ["b", 1, 0, 2, 1],
    ["c", 2, 0, 4, 2],
  ]);
  assert.deepEqual(s.stats, { sessions: 3, turns: 9, passes: 1 });
});

Deno.test("with cycle it replays the sample under new keys until the turn budget, cutting the last", () => {
  const s = new SessionSupply(sample, shape, { cycle: true, max_turns: 13 });
  assert.deepEqual(drain(s).map((h) => [h.key, h.turns]), [
    ["a", 3],
    ["b", 2],
    ["c", 4],
    ["a#1", 3],
    ["b#1", 1],
  ]);
  assert.deepEqual(s.stats, { sessions: 5, turns: 13, passes: 2 });
});

Deno.test("no conversation is handed out at or after end_at", () => {
  let clock = 0;
  const s = new SessionSupply(sample, shape, { cycle: true, end_at: 1000 });
  const got = drain(s, () => (clock += 300));
  assert.deepEqual(got.map((h) => h.key), ["a", "b", "c"]); // at 300, 600, 900; 1200 is too late
});

Deno.test("max_sessions bounds the count; an empty sample supplies nothing", () => {
  assert.equal(drain(new SessionSupply(sample, shape, { cycle: true, max_sessions: 7 })).length, 7);
  assert.equal(new SessionSupply([], shape, { cycle: true }).next(0), null);
});

Deno.test("replays are reshuffled with the seed, the same way every time", () => {
  const many = Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, turns: 1 }));
  const run = () =>
    drain(new SessionSupply(many, shape, { cycle: true, max_sessions: 24, shuffle_seed: 5 }))
      .map((h) => h.index);
  const a = run();
  assert.deepEqual(a, run());
  assert.deepEqual(a.slice(0, 8), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.notDeepEqual(a.slice(8, 16), a.slice(0, 8));
  assert.deepEqual([...a.slice(8, 16)].sort(), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.notDeepEqual(a.slice(16), a.slice(8, 16));
});

Deno.test("userStartOffsets spreads the users over the ramp", () => {
  assert.deepEqual(userStartOffsets(4, 1000), [0, 250, 500, 750]);
  assert.deepEqual(userStartOffsets(3), [0, 0, 0]);
});
