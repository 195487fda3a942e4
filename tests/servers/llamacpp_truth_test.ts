/**
 * @module A real llama-server reconciles with the client: prompt tokens counted by `hf:` equal
 * usage, the usage's cached tokens equal the scraped counter, and the profile's hit-rate formula
 * gives the usage's hit rate; the expected cache differs only by eviction (below) or by generated
 * tokens the engine kept (above, at most one answer's length).
 */
import assert from "node:assert/strict";
import { ExpectedCache } from "../../src/cache/expected.ts";
import { scrapeMetrics } from "../../src/prom/scrape.ts";
import { cacheHitRate, PROFILES, profileSeries } from "../../src/servers/profiles.ts";
import { loadTokens } from "../../src/tokens/load.ts";
import type { ChatMessage } from "../../src/tokens/tokenizer.ts";
import { llamaTest, startLlamaServer } from "../_llama/server.ts";
import { LLAMA2_DIR, LLAMA2_TEMPLATE, multilingual, seeded } from "../tokens/_files.ts";

const MAX_TOKENS = 8;

/** Sum of a counter's series (`name` or `name_total`). */
function counter(values: Map<string, number>, name: string): number {
  let sum = 0;
  for (const [series, v] of values) {
    const n = series.split("{")[0];
    if (n === name || n === `${name}_total`) sum += v;
  }
  return sum;
}

llamaTest(
  "llama-server's usage, its counters and the client's expected cache reconcile",
  async (files) => {
    const server = await startLlamaServer(files, { parallel: 2, ctx: 8192 });
    try {
      const profile = PROFILES.llamacpp;
      const series = profileSeries(profile);
      const { prompts } = await loadTokens(`hf:${LLAMA2_DIR}`, { chatTemplate: LLAMA2_TEMPLATE });
      const expected = new ExpectedCache(profile.blockSize);
      const rand = seeded(3);
      const system = multilingual(rand, 30);
      const sessions = [0, 1, 2].map((): ChatMessage[] => [{ role: "system", content: system }]);
      const before = await scrapeMetrics(`${server.origin}/metrics`, series);
      let prompt = 0;
      let cached = 0;
      for (let turn = 0; turn < 4; turn++) {
        for (let s = 0; s < sessions.length; s++) {
          const messages = sessions[s];
          messages.push({ role: "user", content: multilingual(rand, 30) });
          const counted = await prompts.prepare(messages);
          const hit = expected.observe(counted.ids, `s${s}`);
          const res = await fetch(server.endpoint, {
            method: "POST",
            body: JSON.stringify({ messages, max_tokens: MAX_TOKENS }),
          });
          const body = await res.json();
          const usage = body.usage as {
            prompt_tokens: number;
            prompt_tokens_details: { cached_tokens: number };
          };
          const reported = usage.prompt_tokens_details.cached_tokens;
          assert.equal(
            counted.tokens,
            usage.prompt_tokens,
            `turn ${turn} s${s}: counted as served`,
          );
          if (turn === 0 && s > 0) {
            assert.equal(
              reported,
              hit.sharedWithOthers,
              "first turns hit the shared system prompt",
            );
          }
          assert.ok(
            reported <= hit.expectedCachedTokens + MAX_TOKENS,
            `turn ${turn} s${s}: ${reported} > ${hit.expectedCachedTokens}`,
          );
          prompt += usage.prompt_tokens;
          cached += reported;
          messages.push({
            role: "assistant",
            content: body.choices[0].message.content.trim() || "ok",
          });
        }
      }
      const after = await scrapeMetrics(`${server.origin}/metrics`, series);
      const delta = (name: string) => counter(after, name) - counter(before, name);
      const scraped = {
        cached: delta(profile.metrics.cached[0]),
        prompt: delta(profile.metrics.prompt[0]),
      };
      assert.equal(scraped.cached, cached, "usage cached_tokens = Δ llamacpp:prompt_tokens_cached");
      assert.equal(
        scraped.cached + scraped.prompt,
        prompt,
        "cached + processed = usage prompt_tokens",
      );
      assert.equal(cacheHitRate(profile, scraped), cached / prompt);
    } finally {
      await server.stop();
    }
  },
);
