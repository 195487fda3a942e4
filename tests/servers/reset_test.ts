/** @module Tests of running a profile's cache reset, llama.cpp's per-slot erase included, on fakes and on a real llama-server. */
import assert from "node:assert/strict";
import { PROFILES } from "../../src/servers/profiles.ts";
import { resetCalls, resetServer, slotIds } from "../../src/servers/reset.ts";
import { UserError } from "../../src/util/errors.ts";
import { llamaTest, startLlamaServer } from "../_llama/server.ts";
import { startFake } from "../tokens/_fake.ts";

Deno.test("resetCalls erases every llama.cpp slot", () => {
  assert.deepEqual(resetCalls(PROFILES.llamacpp, [0, 1, 2]).map((c) => `${c.method} ${c.path}`), [
    "POST /slots/0?action=erase",
    "POST /slots/1?action=erase",
    "POST /slots/2?action=erase",
  ]);
  assert.deepEqual(resetCalls(PROFILES.vllm), [{ method: "POST", path: "/reset_prefix_cache" }]);
  assert.deepEqual(resetCalls(PROFILES.generic), []);
});

Deno.test("slotIds reads llama.cpp's /slots answer", () => {
  assert.deepEqual(slotIds([{ id: 0, n_ctx: 2048 }, { id: 1 }]), [0, 1]);
  assert.deepEqual(slotIds({ error: "no" }), []);
});

Deno.test("resetServer lists the slots, then erases each", async () => {
  const fake = startFake({
    "GET /slots": () => [{ id: 0 }, { id: 1 }],
    "POST /slots/0": () => ({ id_slot: 0, n_erased: 5 }),
    "POST /slots/1": () => ({ id_slot: 1, n_erased: 0 }),
  });
  try {
    const done = await resetServer(`${fake.origin}/v1/chat/completions`, PROFILES.llamacpp);
    assert.deepEqual(fake.calls.map((c) => c.call), [
      "GET /slots",
      "POST /slots/0?action=erase",
      "POST /slots/1?action=erase",
    ]);
    assert.deepEqual(done.calls, [
      `POST ${fake.origin}/slots/0?action=erase`,
      `POST ${fake.origin}/slots/1?action=erase`,
    ]);
  } finally {
    await fake.close();
  }
});

Deno.test("resetServer fails in one line on a non-2xx answer", async () => {
  const fake = startFake({});
  try {
    await assert.rejects(
      () => resetServer(fake.origin, PROFILES.vllm),
      (e: unknown) =>
        e instanceof UserError &&
        e.message ===
          `Cannot reset the server cache with POST "${fake.origin}/reset_prefix_cache": HTTP 404 Not Found`,
    );
  } finally {
    await fake.close();
  }
});

Deno.test("resetServer refuses a profile without reset", async () => {
  await assert.rejects(
    () => resetServer("http://127.0.0.1:1", PROFILES.generic),
    (e: unknown) =>
      e instanceof UserError && e.message.includes("has no reset call (give reset_cache_url)"),
  );
});

/** The cached prompt tokens llama-server reports for `messages`. */
async function cached(endpoint: string, messages: unknown): Promise<number> {
  const res = await fetch(endpoint, {
    method: "POST",
    body: JSON.stringify({ messages, max_tokens: 2 }),
  });
  const body = await res.json();
  assert.equal(body.usage.prompt_tokens_details.cached_tokens, body.timings.cache_n);
  return body.usage.prompt_tokens_details.cached_tokens;
}

const chat = [
  { role: "system", content: "You are a benchmark. ".repeat(20) },
  { role: "user", content: "Tell me about prefix caches. ".repeat(10) },
];
const other = [{ role: "user", content: "Something else entirely, please. ".repeat(10) }];

llamaTest(
  "llama-server: erasing every slot keeps its host-memory prompt cache unless --cache-ram 0",
  async (files) => {
    for (const [cacheRam, coldAfterReset] of [[undefined, false], [0, true]] as const) {
      const server = await startLlamaServer(files, { cacheRam });
      try {
        assert.equal(await cached(server.endpoint, chat), 0);
        assert.ok(await cached(server.endpoint, chat) > 0);
        // Another prompt takes the slot: llama.cpp keeps the first one's state in host memory.
        await cached(server.endpoint, other);
        await resetServer(server.origin, PROFILES.llamacpp);
        const after = await cached(server.endpoint, chat);
        assert.equal(
          after === 0,
          coldAfterReset,
          `--cache-ram ${cacheRam ?? "default"}: ${after} cached`,
        );
      } finally {
        await server.stop();
      }
    }
  },
);
