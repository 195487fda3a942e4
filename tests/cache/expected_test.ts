/** @module Tests of expected-cache bookkeeping on crafted prompts: shared system prompts, growing histories, block rounding, resets. */
import assert from "node:assert/strict";
import { ExpectedCache } from "../../src/cache/expected.ts";
import { PrefixCache } from "../../mock/prefix_cache.ts";
import { GptPromptCounter } from "../../src/tokens/gpt.ts";
import { multilingual, seeded } from "../tokens/_files.ts";

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const SYSTEM = range(1000, 40);

Deno.test("ExpectedCache expects nothing of a first prompt", () => {
  const c = new ExpectedCache(16);
  assert.deepEqual(c.observe(range(0, 100), "s1"), {
    expectedCachedTokens: 0,
    sharedWithOthers: 0,
    promptTokens: 100,
  });
});

Deno.test("ExpectedCache expects a system prompt shared across sessions, in whole blocks", () => {
  const c = new ExpectedCache(16);
  c.observe([...SYSTEM, ...range(0, 30)], "s1");
  const hit = c.observe([...SYSTEM, ...range(500, 30)], "s2");
  assert.equal(hit.expectedCachedTokens, 32); // 40 shared tokens, 2 whole blocks of 16
  assert.equal(hit.sharedWithOthers, 32);
});

Deno.test("ExpectedCache with block size 1 expects the exact shared prefix", () => {
  const c = new ExpectedCache(1);
  c.observe([...SYSTEM, ...range(0, 30)], "s1");
  assert.equal(c.observe([...SYSTEM, ...range(500, 30)], "s2").expectedCachedTokens, 40);
});

Deno.test("ExpectedCache expects a growing history's earlier prompt, not the other session's", () => {
  const c = new ExpectedCache(4);
  const turn1 = [...SYSTEM, ...range(0, 21)];
  const turn2 = [...turn1, ...range(100, 30)];
  c.observe(turn1, "s1");
  c.observe([...SYSTEM, ...range(300, 9)], "s2");
  const hit = c.observe(turn2, "s1");
  assert.equal(hit.expectedCachedTokens, 60); // all of turn 1 (61 tokens), rounded down to 4
  assert.equal(hit.sharedWithOthers, 40); // only the system prompt came from s2 too
});

Deno.test("ExpectedCache leaves one token to compute of a prompt seen in full", () => {
  const c = new ExpectedCache(4);
  c.observe(range(0, 32), "s1");
  assert.equal(c.observe(range(0, 32), "s1").expectedCachedTokens, 28); // (32 − 1) → 7 blocks
  const one = new ExpectedCache(1);
  one.observe(range(0, 32), "s1");
  assert.equal(one.observe(range(0, 32), "s1").expectedCachedTokens, 31);
});

Deno.test("ExpectedCache forgets everything on reset", () => {
  const c = new ExpectedCache(16);
  c.observe([...SYSTEM, ...range(0, 30)], "s1");
  c.reset();
  assert.equal(c.observe([...SYSTEM, ...range(0, 30)], "s2").expectedCachedTokens, 0);
  assert.equal(c.blocks, 4);
});

Deno.test("ExpectedCache.sharedWithOthers counts prompts sent after this one", () => {
  const c = new ExpectedCache(1);
  const mine = [...SYSTEM, ...range(0, 10)];
  // s1's first turn is sent first: nothing to share yet …
  assert.equal(c.observe(mine, "s1").sharedWithOthers, 0);
  // … then s2's first turn with the same system prompt, before s1's answer arrives.
  c.observe([...SYSTEM, ...range(50, 10)], "s2");
  assert.equal(c.sharedWithOthers(mine, "s1"), 40);
});

Deno.test("ExpectedCache.insert adds blocks (an answer's tokens) without a lookup", () => {
  const c = new ExpectedCache(2);
  c.insert(range(0, 10), "s1");
  assert.equal(c.observe(range(0, 20), "s1").expectedCachedTokens, 10);
});

Deno.test("ExpectedCache refuses a block size that is not a positive integer", () => {
  assert.throws(() => new ExpectedCache(0), RangeError);
  assert.throws(() => new ExpectedCache(1.5), RangeError);
});

Deno.test("ExpectedCache agrees with the mock's exact prefix cache on every request", () => {
  const rand = seeded(31);
  const counter = new GptPromptCounter();
  const mock = new PrefixCache(16, 10_000_000);
  const expected = new ExpectedCache(16);
  const system = multilingual(rand, 60);
  const sessions = Array.from({ length: 6 }, () => [{ role: "system", content: system }]);
  for (let turn = 0; turn < 5; turn++) {
    for (let s = 0; s < sessions.length; s++) {
      const messages = sessions[s];
      messages.push({ role: "user", content: multilingual(rand, 30) });
      const { ids } = counter.prepareSync(messages);
      const served = mock.lookupAndInsert(ids).cached;
      assert.equal(
        expected.observe(ids, `s${s}`).expectedCachedTokens,
        served,
        `turn ${turn} s${s}`,
      );
      messages.push({ role: "assistant", content: multilingual(rand, 20) });
    }
  }
});

Deno.test("ExpectedCache equals a brute-force longest common prefix, for every block size, on both paths", () => {
  const rand = seeded(8);
  for (const block of [1, 3, 16, 20]) {
    const cache = new ExpectedCache(block);
    const fast = new ExpectedCache(block); // fed through expect(), the runner's fast path
    const seen: { ids: number[]; session: string }[] = [];
    const lcp = (a: number[], b: number[]) => {
      let n = 0;
      while (n < a.length && n < b.length && a[n] === b[n]) n++;
      return n;
    };
    const round = (n: number, len: number) => {
      const t = Math.min(n, Math.max(0, len - 1));
      return t - (t % block);
    };
    for (let i = 0; i < 300; i++) {
      // Prompts built from a few shared stems, cut and extended at random lengths.
      const base = seen.length > 0 && rand() < 0.8
        ? seen[Math.floor(rand() * seen.length)].ids
        : [];
      const keep = Math.floor(rand() * (base.length + 1));
      const ids = [
        ...base.slice(0, keep),
        ...Array.from({ length: 1 + Math.floor(rand() * 40) }, () => Math.floor(rand() * 5)),
      ];
      const session = `s${Math.floor(rand() * 6)}`;
      const hit = cache.observe(ids, session);
      const any = Math.max(0, ...seen.map((p) => lcp(p.ids, ids)));
      const others = Math.max(
        0,
        ...seen.filter((p) => p.session !== session).map((p) => lcp(p.ids, ids)),
      );
      assert.equal(hit.expectedCachedTokens, round(any, ids.length), `block ${block}, prompt ${i}`);
      assert.equal(
        fast.expect(ids, session),
        round(any, ids.length),
        `block ${block}, prompt ${i} (expect)`,
      );
      assert.equal(
        hit.sharedWithOthers,
        round(others, ids.length),
        `block ${block}, prompt ${i} (others)`,
      );
      seen.push({ ids, session });
    }
  }
});

Deno.test("ExpectedCache.expect resumes a session's growing prompt and forgets it on reset", () => {
  const c = new ExpectedCache(4);
  const t1 = range(0, 30);
  const t2 = [...t1, ...range(100, 10)];
  const t3 = [...t2, ...range(200, 10)];
  assert.equal(c.expect(t1, "s1"), 0);
  assert.equal(c.expect(t2, "s1"), 28);
  assert.equal(c.expect(t3, "s1"), 40);
  assert.equal(c.expect([...range(0, 12), 999], "s1"), 12, "a shorter prompt: its shared prefix");
  c.reset();
  assert.equal(c.expect(t3, "s1"), 0);
  assert.equal(c.observe(t3, "s2").expectedCachedTokens, 48, "both paths fill the same cache");
});
