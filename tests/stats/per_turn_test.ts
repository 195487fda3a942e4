/** @module Tests of TTFT and cached share by turn index. */
import assert from "node:assert/strict";
import { PerTurnAccumulator } from "../../src/stats/per_turn.ts";
import { rec } from "./_record.ts";

Deno.test("per turn splits first turns from follow-ups and keeps each turn index", () => {
  const acc = new PerTurnAccumulator();
  acc.add(rec({ turn_index: 0, ttft_ms: 300, cached_tokens: 0 }));
  acc.add(rec({ turn_index: 0, ttft_ms: 100, cached_tokens: 50, expected_cached_tokens: 40 }));
  acc.add(rec({ turn_index: 1, ttft_ms: 20, cached_tokens: 90, expected_cached_tokens: 90 }));
  acc.add(rec({ turn_index: 2, ttft_ms: 30, cached_tokens: 80, expected_cached_tokens: 80 }));
  acc.add(rec({ turn_index: 2, ok: false, ttft_ms: 999, cached_tokens: null }));
  const t = acc.summary();
  assert.equal(t.first.requests, 2);
  assert.equal(t.first.ttft_ms?.p50, 200);
  assert.equal(t.first.cached_share, 50 / 200);
  assert.equal(t.first.expected_share, 40 / 200);
  assert.equal(t.follow_ups.requests, 2, "the failed request is left out");
  assert.equal(t.follow_ups.cached_share, 170 / 200);
  assert.deepEqual(t.by_turn.map((g) => [g.turn_index, g.requests, g.ttft_ms?.max]), [
    [0, 2, 300],
    [1, 1, 20],
    [2, 1, 30],
  ]);
});

Deno.test("per turn has no shares when the server said nothing and records are old", () => {
  const acc = new PerTurnAccumulator();
  acc.add(rec({ cached_tokens: null, expected_cached_tokens: null, client_prompt_tokens: null }));
  const t = acc.summary();
  assert.equal(t.first.cached_share, null);
  assert.equal(t.first.expected_share, null);
  assert.equal(t.follow_ups.requests, 0);
  assert.equal(t.follow_ups.ttft_ms, null);
});
