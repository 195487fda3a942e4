/** @module Tests of the per-request expected cache and the check of each reset. */
import assert from "node:assert/strict";
import { CacheObserver } from "../../src/client/cache_observer.ts";

const ids = (...runs: [number, number][]) =>
  runs.flatMap(([from, n]) => Array.from({ length: n }, (_, i) => from + i));
const answer = (sessionId: string, p: number[], cached: number | null, turnIndex = 0) => ({
  sessionId,
  turnIndex,
  ids: p,
  ok: true,
  clientPromptTokens: p.length,
  serverPromptTokens: p.length,
  cachedTokens: cached,
});

Deno.test("expected cached tokens: the longest earlier prefix, in whole blocks", () => {
  const c = new CacheObserver(4);
  const a1 = ids([0, 10]);
  const a2 = ids([0, 10], [100, 10]);
  assert.equal(c.beforeSend("a", a1), 0);
  assert.equal(c.beforeSend("a", a2), 8, "10 shared tokens → 2 blocks of 4");
  c.reset();
  assert.equal(c.beforeSend("a", a2), 0, "a reset forgets");
});

Deno.test("reset check: first turns may hit only what other sessions sent", () => {
  const c = new CacheObserver(1);
  c.reset();
  const system = ids([0, 50]);
  const pa = [...system, ...ids([1000, 50])];
  const pb = [...system, ...ids([2000, 50])];
  c.beforeSend("a", pa);
  c.beforeSend("b", pb);
  c.afterAnswer(answer("a", pa, 0));
  c.afterAnswer(answer("b", pb, 50));
  c.afterAnswer(answer("b", pb, 99, 1)); // a follow-up: not judged
  const ok = c.takeResetCheck()!;
  assert.equal(ok.cleared, true);
  assert.equal(ok.judged, 2);
  assert.equal(c.takeResetCheck(), null, "disarmed until the next reset");

  c.reset();
  c.beforeSend("a", pa);
  c.afterAnswer(answer("a", pa, 99));
  const bad = c.takeResetCheck()!;
  assert.equal(bad.cleared, false);
  assert.equal(bad.overHits, 1);
});

Deno.test("reset check ignores failed first turns and turns before any reset", () => {
  const c = new CacheObserver(1);
  const p = ids([0, 40]);
  c.beforeSend("a", p);
  c.afterAnswer(answer("a", p, 39));
  assert.equal(c.takeResetCheck(), null);
  c.reset();
  c.afterAnswer({ ...answer("a", p, 39), ok: false });
  assert.equal(c.takeResetCheck()!.cleared, null, "nothing judged");
});
