/**
 * @module Tests for the hit rate a synthesized workload implies: closed forms written out, and a
 * replay through the mock's own prompt rendering and prefix cache matching it request by request.
 */
import assert from "node:assert/strict";
import { PrefixCache } from "../../mock/prefix_cache.ts";
import { outputWord, promptTokens } from "../../mock/prompt.ts";
import type { ChatMessage } from "../../mock/request.ts";
import { expectedCache, expectedHitRate } from "../../src/datasets/expected_hit_rate.ts";
import type { Session } from "../../src/datasets/session.ts";
import { synthesizeSessions } from "../../src/datasets/synthesize.ts";
import { checkSpec } from "../../src/datasets/synthesize_spec.ts";
import { gptTokenizer } from "../../src/datasets/tokenizer.ts";

/** The mock's default block size (`cache.block_size` in mock/config.ts). */
const B = 16;

Deno.test("expectedHitRate of one-turn sessions sharing G prefixes of L tokens", () => {
  // N sessions, G groups, one turn of q tokens, no unique suffix. Every prompt renders to
  // P = (L + 5) + (q + 5) + 3 tokens; the prefix a group shares, through "<|im_start|>user\n",
  // is L + 8 tokens, and all but the first session of each group find its full blocks:
  //   hit rate = (N − G) · B · ⌊(L + 8) / B⌋ / (N · (L + q + 13)).
  const [N, G, L, q] = [8, 2, 1000, 50];
  const spec = checkSpec({
    sessions: N,
    turns: 1,
    user_tokens: q,
    output_tokens: 10,
    system_prompt: { groups: G, shared_tokens: L },
  }, "spec");
  const formula = ((N - G) * B * Math.floor((L + 8) / B)) / (N * (L + q + 13));
  assert.equal(expectedHitRate(spec, { blockSize: B }), formula);
  assert.equal(formula.toFixed(4), "0.7112");
});

Deno.test("expectedHitRate of a growing history: each turn finds the blocks of the turn before", () => {
  // 4 sessions in one group, L = 100, 3 turns of q = 20 tokens, answers of a = 30 tokens:
  //   P0 = 105 + 25 + 3 = 133; each turn adds the answer (a + 2) and a question (q + 5 + 3):
  //   P1 = 193, P2 = 253. Turn k ≥ 1 finds B·⌊P(k−1)/B⌋ = 128, 192; turn 0 of sessions 2–4
  //   finds the shared B·⌊(L + 8)/B⌋ = 96.
  const spec = checkSpec({
    sessions: 4,
    turns: 3,
    user_tokens: 20,
    output_tokens: 30,
    system_prompt: { groups: 1, shared_tokens: 100 },
  }, "spec");
  const cached = (0 + 128 + 192) + 3 * (96 + 128 + 192);
  const prompt = 4 * (133 + 193 + 253);
  assert.equal(expectedHitRate(spec, { blockSize: B }), cached / prompt);
  // A second round (no reset) finds every first prompt whole, but for its last partial block.
  const warm = (128 + 128 + 192) * 4;
  assert.equal(expectedHitRate(spec, { blockSize: B, round: 2 }), warm / prompt);
});

Deno.test("expectedHitRate grows with the share of sessions on a group prefix", () => {
  const rate = (share: number) =>
    expectedHitRate(
      checkSpec({
        sessions: 30,
        turns: 2,
        user_tokens: 40,
        output_tokens: 20,
        system_prompt: { groups: 3, shared_tokens: 500, share },
      }, "spec"),
      { blockSize: B },
    );
  const [none, half, all] = [rate(0), rate(0.5), rate(1)];
  assert.ok(none < half && half < all, `${none} < ${half} < ${all}`);
});

/**
 * Replays sessions as the runner will, through the mock's rendering and cache: answers of
 * exactly `output_tokens` mock words, recorded tool steps appended between requests.
 */
function replayThroughMock(sessions: Session[], rounds: number): number[][] {
  const cache = new PrefixCache(B, 1e9);
  const out: number[][] = [];
  let salt = 1;
  for (let round = 0; round < rounds; round++) {
    const cached: number[] = [];
    for (const s of sessions) {
      const messages: ChatMessage[] = s.system ? [{ role: "system", content: s.system }] : [];
      for (const [k, question] of s.user_messages.entries()) {
        messages.push({ role: "user", content: question });
        cached.push(cache.lookupAndInsert(promptTokens(messages)).cached);
        for (const step of s.turns?.[k].tool_steps ?? []) {
          messages.push({ role: "assistant", content: null, tool_calls: step.calls });
          for (const c of step.calls) messages.push({ role: "tool", content: c.result });
          cached.push(cache.lookupAndInsert(promptTokens(messages)).cached);
        }
        const length = s.turns![k].output_tokens!;
        let answer = "";
        for (let i = 0; i < length; i++) answer += outputWord(i, salt);
        salt += 7;
        messages.push({ role: "assistant", content: answer });
      }
    }
    out.push(cached);
  }
  return out;
}

Deno.test("the mock's prefix cache finds on every request what expectedCache says", () => {
  const specs = [
    {
      seed: 1,
      sessions: 12,
      turns: { dist: "uniform", min: 1, max: 4 },
      user_tokens: { dist: "lognormal", median: 60, sigma: 0.7, min: 5 },
      output_tokens: { dist: "uniform", min: 5, max: 80 },
      think_time_ms: { dist: "uniform", min: 100, max: 900 },
      system_prompt: {
        groups: 3,
        shared_tokens: 333,
        share: 0.6,
        unique_tokens: { dist: "uniform", min: 0, max: 40 },
      },
    },
    {
      seed: 2,
      sessions: 6,
      turns: 3,
      user_tokens: 25,
      output_tokens: 40,
      system_prompt: { groups: 1, shared_tokens: 200 },
      tools: {
        calls_per_turn: { dist: "uniform", min: 0, max: 3 },
        calls_per_step: { dist: "uniform", min: 1, max: 2 },
        result_tokens: { dist: "uniform", min: 20, max: 300 },
      },
    },
  ];
  for (const raw of specs) {
    const spec = checkSpec(raw, "spec");
    const sessions = [...synthesizeSessions(spec)];
    const [first, second] = replayThroughMock(sessions, 2);
    const expected1 = expectedCache(sessions, gptTokenizer, { blockSize: B });
    const expected2 = expectedCache(sessions, gptTokenizer, { blockSize: B, round: 2 });
    assert.deepEqual(
      first,
      expected1.requests.map((r) => r.cached_tokens),
      `round 1, seed ${spec.seed}`,
    );
    assert.deepEqual(
      second,
      expected2.requests.map((r) => r.cached_tokens),
      `round 2, seed ${spec.seed}`,
    );
    assert.ok(expected1.hit_rate > 0.3 && expected1.hit_rate < 1, String(expected1.hit_rate));
  }
});

Deno.test("expectedCache counts each request's prompt as the mock renders it", () => {
  const spec = checkSpec({
    sessions: 3,
    turns: 2,
    system_prompt: { groups: 1, shared_tokens: 50 },
    tools: { calls_per_turn: 2, calls_per_step: 2, result_tokens: 30 },
  }, "spec");
  const sessions = [...synthesizeSessions(spec)];
  const prompts: number[] = [];
  for (const s of sessions) {
    const messages: ChatMessage[] = [{ role: "system", content: s.system! }];
    for (const [k, question] of s.user_messages.entries()) {
      messages.push({ role: "user", content: question });
      prompts.push(promptTokens(messages).length);
      for (const step of s.turns![k].tool_steps!) {
        messages.push({ role: "assistant", content: null });
        for (const c of step.calls) messages.push({ role: "tool", content: c.result });
        prompts.push(promptTokens(messages).length);
      }
      messages.push({ role: "assistant", content: "x ".repeat(s.turns![k].output_tokens!).trim() });
    }
  }
  const expected = expectedCache(sessions, gptTokenizer, { blockSize: B });
  assert.deepEqual(expected.requests.map((r) => r.prompt_tokens), prompts);
  assert.equal(expected.max_prompt_tokens, Math.max(...prompts));
});
