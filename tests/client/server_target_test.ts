/** @module Tests of resolving the server: profile, block size, reset call and scrape list. */
import assert from "node:assert/strict";
import { SweepOptions, type SweepOptionsInput } from "../../src/client/options.ts";
import { resolveTarget, serverInfo } from "../../src/client/server_target.ts";
import { PROFILES, profileSeries } from "../../src/servers/profiles.ts";
import { UserError } from "../../src/util/errors.ts";

/** A server that says it is llama.cpp, with /slots; records every call. */
function fakeLlama() {
  const calls: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname + new URL(req.url).search;
    calls.push(`${req.method} ${path}`);
    if (path === "/v1/models") return Response.json({ data: [{ id: "m", owned_by: "llamacpp" }] });
    if (path === "/slots") return Response.json([{ id: 0 }, { id: 1 }]);
    if (path === "/metrics") return new Response("llamacpp:prompt_tokens_total 1\n");
    return new Response("ok");
  });
  const origin = `http://127.0.0.1:${server.addr.port}`;
  return { origin, calls, close: () => server.shutdown() };
}

const opts = (origin: string, o: Partial<SweepOptionsInput> = {}) =>
  SweepOptions.parse({ dataset: "x", endpoint: `${origin}/v1/chat/completions`, ...o });

Deno.test("resolveTarget detects llama.cpp and erases every slot when resets are asked for", async () => {
  const s = fakeLlama();
  try {
    const t = await resolveTarget(opts(s.origin, { reset_cache_between_rounds: true }));
    assert.equal(t.profile.kind, "llamacpp");
    assert.equal(t.blockSize, 1);
    assert.match(t.evidence, /owned_by "llamacpp"/);
    assert.deepEqual(t.metricNames, profileSeries(PROFILES.llamacpp));
    s.calls.length = 0;
    await t.reset!.run();
    assert.deepEqual(s.calls, [
      "GET /slots",
      "POST /slots/0?action=erase",
      "POST /slots/1?action=erase",
    ]);
    assert.match(serverInfo(t).hit_rate_formula!, /\(Δ llamacpp:prompt_tokens_cached \+ Δ/);
  } finally {
    await s.close();
  }
});

Deno.test("resolveTarget: an explicit URL wins, naming a server does not reset, a block size overrides", async () => {
  const s = fakeLlama();
  try {
    const url = await resolveTarget(
      opts(s.origin, { reset_cache_url: `${s.origin}/slots/0?action=erase` }),
    );
    assert.equal(url.reset!.label, `POST ${s.origin}/slots/0?action=erase`);
    s.calls.length = 0;
    const named = await resolveTarget(opts(s.origin, { server: "vllm", cache_block_size: 32 }));
    assert.deepEqual(s.calls, [], "a named server is not probed");
    assert.equal(named.reset, null, "naming the server alone never resets it");
    assert.equal(named.blockSize, 32);
    const byProfile = await resolveTarget(
      opts(s.origin, { server: "vllm", reset_cache_url: "profile" }),
    );
    assert.equal(byProfile.reset!.label, `POST ${s.origin}/reset_prefix_cache`);
    const given = await resolveTarget(
      opts(s.origin, { prometheus_url: `${s.origin}/metrics`, prometheus_metrics: ["x"] }),
    );
    assert.deepEqual(given.metricNames, ["x"]);
  } finally {
    await s.close();
  }
});

Deno.test("resolveTarget refuses resets from a generic server without a URL, in one line", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("no", { status: 404 }),
  );
  const origin = `http://127.0.0.1:${server.addr.port}`;
  try {
    await assert.rejects(
      resolveTarget(opts(origin, { require_cold: true })),
      (e: Error) =>
        e instanceof UserError && e.exitCode === 2 &&
        e.message ===
          `Cannot reset the cache of "${origin}": OpenAI-compatible server has no known reset call (give reset_cache_url, or server:)`,
    );
    assert.throws(
      () => opts(origin, { server: "generic", reset_cache_between_rounds: true }),
      /must be a URL: a generic server has no known reset/,
    );
  } finally {
    await server.shutdown();
  }
});
