/** @module Tests of the reset check: first turns after a reset may hit only on what other sessions sent. */
import assert from "node:assert/strict";
import { checkReset, type FirstTurn } from "../../src/cache/reset_check.ts";

const turn = (
  allowed: number,
  reported: number | null,
  prompt = 100,
  server: number | null = prompt,
): FirstTurn => ({
  allowedTokens: allowed,
  clientPromptTokens: prompt,
  reportedCachedTokens: reported,
  serverPromptTokens: server,
});

Deno.test("checkReset passes first turns that hit only a shared system prompt", () => {
  const v = checkReset([turn(0, 0), turn(40, 40), turn(40, 41)], 1);
  assert.equal(v.cleared, true);
  assert.equal(v.overHits, 0);
});

Deno.test("checkReset fails first turns served from a cache the reset left (95% cached)", () => {
  const v = checkReset([turn(0, 95), turn(0, 95), turn(40, 95)], 1);
  assert.equal(v.cleared, false);
  assert.equal(v.overHits, 3);
  assert.equal(v.excessTokens, 95 + 95 + 55);
  assert.equal(v.reportedShare, 0.95);
});

Deno.test("checkReset forgives a block and 2% per request", () => {
  assert.equal(checkReset([turn(32, 48, 200)], 16).cleared, true); // 16 over: one block
  assert.equal(checkReset([turn(32, 64, 200)], 16).cleared, false); // 32 over: two blocks
});

Deno.test("checkReset scales the allowance to the server's vocabulary", () => {
  // The client (gpt) counted 100 tokens, 50 shared; the server counted 180, and hit 90.
  assert.equal(checkReset([turn(50, 90, 100, 180)], 1).cleared, true);
  assert.equal(checkReset([turn(0, 90, 100, 180)], 1).cleared, false);
});

Deno.test("checkReset has nothing to judge when the server reports no cached tokens", () => {
  assert.equal(checkReset([turn(0, null)], 16).cleared, null);
  assert.equal(checkReset([], 16).judged, 0);
});
