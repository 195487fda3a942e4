/** @module Tests of the token check and cache-truth sums over a run's records. */
import assert from "node:assert/strict";
import { TokenTruthAccumulator } from "../../src/stats/token_truth.ts";
import { rec } from "./_record.ts";

Deno.test("token sums give the server / client ratio and flag more than 2% apart", () => {
  const acc = new TokenTruthAccumulator();
  acc.add(rec({ client_prompt_tokens: 100, prompt_tokens: 180 }));
  acc.add(rec({ client_prompt_tokens: 200, prompt_tokens: 360 }));
  acc.add(rec({ client_prompt_tokens: 50, prompt_tokens: 50, prompt_tokens_source: "counted" }));
  acc.add(rec({ ok: false, client_prompt_tokens: 999, prompt_tokens: 1 }));
  const { check } = acc.sums();
  assert.deepEqual(check, {
    source: "gpt",
    requests: 2,
    client_prompt_tokens: 300,
    server_prompt_tokens: 540,
    ratio: 1.8,
    disagrees: true,
  });
  const close = new TokenTruthAccumulator();
  close.add(rec({ client_prompt_tokens: 1000, prompt_tokens: 1019, token_source: "hf" }));
  assert.equal(close.sums().check.disagrees, false);
  assert.equal(close.sums().check.source, "hf");
});

Deno.test("token sums scale each expectation into server tokens", () => {
  const acc = new TokenTruthAccumulator();
  acc.add(rec({ client_prompt_tokens: 100, prompt_tokens: 200, expected_cached_tokens: 50 }));
  acc.add(rec({ client_prompt_tokens: 100, prompt_tokens: 100, expected_cached_tokens: 30 }));
  acc.add(rec({ cached_tokens: 120, expected_cached_tokens: null }));
  const s = acc.sums();
  assert.equal(s.expected, 130);
  assert.equal(s.reported, 120);
  assert.equal(s.output, 30);
});

Deno.test("token sums have no expectation or report for records older than issue 12", () => {
  const acc = new TokenTruthAccumulator();
  acc.add(rec({
    token_source: null,
    client_prompt_tokens: null,
    expected_cached_tokens: null,
    cached_tokens: null,
  }));
  const s = acc.sums();
  assert.equal(s.expected, null);
  assert.equal(s.reported, null);
  assert.deepEqual(s.check, {
    source: null,
    requests: 0,
    client_prompt_tokens: 0,
    server_prompt_tokens: 0,
    ratio: null,
    disagrees: false,
  });
});
