/** @module The simulated prefix cache seen through the API: turns, rounds and reset. */
import assert from "node:assert/strict";
import { createMockApp, type MockApp } from "../../mock/app.ts";
import { postChat } from "./_helpers.ts";

const convo = JSON.parse(
  await Deno.readTextFile(new URL("../testdata/mock/conversation.json", import.meta.url)),
) as { system: string; turns: string[] };

type Msg = { role: string; content: string };

/** Plays the conversation's turns, resending the history each turn; returns each turn's usage. */
async function playConversation(mock: MockApp) {
  const messages: Msg[] = [{ role: "system", content: convo.system }];
  const usages: { prompt_tokens: number; prompt_tokens_details: { cached_tokens: number } }[] = [];
  for (const turn of convo.turns) {
    messages.push({ role: "user", content: turn });
    const res = await postChat(mock, JSON.stringify({ model: "mock-model", messages }));
    const body = await res.json();
    usages.push(body.usage);
    messages.push({ role: "assistant", content: body.choices[0].message.content });
  }
  return usages;
}

const BLOCK = 16;
const fullBlocks = (n: number) => Math.floor(n / BLOCK) * BLOCK;

Deno.test("a later turn hits the cache on the history it resends", async () => {
  const mock = createMockApp({ seed: 1, cache: { block_size: BLOCK } });
  try {
    const usages = await playConversation(mock);
    assert.equal(usages[0].prompt_tokens_details.cached_tokens, 0);
    for (let t = 1; t < usages.length; t++) {
      // Turn t's prompt starts with turn t-1's whole prompt (its generation prompt included).
      assert.equal(
        usages[t].prompt_tokens_details.cached_tokens,
        fullBlocks(usages[t - 1].prompt_tokens),
      );
      assert.ok(usages[t].prompt_tokens > usages[t - 1].prompt_tokens);
    }
  } finally {
    mock.close();
  }
});

Deno.test("round 2 of the same requests hits round 1, and a reset makes it miss again", async () => {
  const mock = createMockApp({ seed: 1, cache: { block_size: BLOCK } });
  const first = async () =>
    (await (await postChat(
      mock,
      JSON.stringify({
        model: "mock-model",
        messages: [{ role: "system", content: convo.system }, {
          role: "user",
          content: convo.turns[0],
        }],
      }),
    )).json()).usage;
  try {
    const round1 = await first();
    assert.equal(round1.prompt_tokens_details.cached_tokens, 0);
    const round2 = await first();
    // A fully cached prompt still computes its last token, as vLLM does.
    assert.equal(round2.prompt_tokens_details.cached_tokens, fullBlocks(round1.prompt_tokens - 1));
    assert.ok(round2.prompt_tokens_details.cached_tokens > 0);

    for (const path of ["/reset", "/reset_prefix_cache"]) {
      const reset = await mock.app.request(path, { method: "POST" });
      assert.equal(reset.status, 200);
      await reset.body?.cancel();
      assert.equal((await first()).prompt_tokens_details.cached_tokens, 0);
    }
    mock.reset();
    assert.equal((await first()).prompt_tokens_details.cached_tokens, 0);
  } finally {
    mock.close();
  }
});

Deno.test("a cache smaller than the conversation evicts and stops hitting", async () => {
  const mock = createMockApp({ seed: 1, cache: { block_size: BLOCK, capacity_tokens: 2 * BLOCK } });
  const roomy = createMockApp({ seed: 1, cache: { block_size: BLOCK } });
  try {
    const usages = await playConversation(mock);
    const full = await playConversation(roomy);
    assert.deepEqual(usages.map((u) => u.prompt_tokens), full.map((u) => u.prompt_tokens));
    // Two blocks fit: the chain's head (touched last) survives each turn, the rest is evicted.
    // So every later turn hits exactly those two blocks, and no more, while a roomy cache hits
    // the whole previous prompt.
    assert.equal(usages[0].prompt_tokens_details.cached_tokens, 0);
    for (let t = 1; t < usages.length; t++) {
      assert.ok(usages[t - 1].prompt_tokens > 3 * BLOCK, "every prompt is longer than the cache");
      assert.equal(usages[t].prompt_tokens_details.cached_tokens, 2 * BLOCK, `turn ${t}`);
      assert.ok(full[t].prompt_tokens_details.cached_tokens > 2 * BLOCK, `roomy turn ${t}`);
    }
    const metrics = await (await mock.app.request("/metrics")).text();
    const bytes = Number(metrics.match(/^memory_usage_bytes (\S+)$/m)?.[1]);
    assert.equal(bytes, 2 * BLOCK * 131072, "memory holds exactly the capacity");
  } finally {
    mock.close();
    roomy.close();
  }
});

Deno.test("a long prompt (tokenized off the main thread) hits on its second round", async () => {
  const mock = createMockApp({ seed: 1 });
  const body = JSON.stringify({
    model: "mock-model",
    messages: [{ role: "user", content: `${convo.system} `.repeat(60) }],
  });
  try {
    const a = (await (await postChat(mock, body)).json()).usage;
    const b = (await (await postChat(mock, body)).json()).usage;
    assert.ok(a.prompt_tokens > 2000);
    assert.equal(a.prompt_tokens_details.cached_tokens, 0);
    assert.equal(b.prompt_tokens_details.cached_tokens, fullBlocks(a.prompt_tokens - 1));
  } finally {
    mock.close();
  }
});
