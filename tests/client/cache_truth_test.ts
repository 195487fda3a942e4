/**
 * @module Cache truth against the mock, whose prefix cache is exact: the expected cache agrees with
 * the reported cached tokens on every request, the three numbers reconcile per run, the reset
 * check names a reset that did not clear the cache, and `require_cold` turns it into a failure.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { notCold } from "../../src/client/cold_check.ts";
import { SweepOptions, type SweepOptionsInput } from "../../src/client/options.ts";
import type { SweepProgress } from "../../src/client/progress.ts";
import { runSweep } from "../../src/client/sweep.ts";
import { RequestRecord } from "../../src/results/record.ts";
import { PROFILES, profileSeries } from "../../src/servers/profiles.ts";
import { startMockServer } from "../../mock/server.ts";

const WORDS = "cache prefix token latency stream server model batch prompt answer".split(" ");

/** `n` sessions of `turns` ~50-word questions, distinct per session; optional shared system. */
function dataset(n: number, turns: number, system?: string): string {
  return Array.from({ length: n }, (_, s) =>
    JSON.stringify({
      session_id: `s${s}`,
      ...(system ? { system } : {}),
      user_messages: Array.from({ length: turns }, (_, t) =>
        `Session ${s} turn ${t}: ` +
        Array.from({ length: 50 }, (_, w) => WORDS[(s * 7 + t * 3 + w * 5) % WORDS.length])
          .join(" ")),
    })).join("\n") + "\n";
}

async function sweepOn(
  url: string,
  text: string,
  opts: Partial<SweepOptionsInput>,
  logs: string[] = [],
) {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-truth-" });
  const progress: SweepProgress = {
    runStart() {},
    update() {},
    runEnd() {},
    log: (m) => void logs.push(m),
  };
  try {
    const file = join(dir, "sessions.jsonl");
    await Deno.writeTextFile(file, text);
    const summary = await runSweep(
      SweepOptions.parse({ dataset: file, endpoint: `${url}/v1/chat/completions`, ...opts }),
      { outDir: join(dir, "out"), progress },
    );
    const lines = (await Deno.readTextFile(join(dir, "out", "records.jsonl"))).trim().split("\n");
    return { summary, records: lines.map((l) => RequestRecord.parse(JSON.parse(l))) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function withMock(fn: (url: string) => Promise<void>): Promise<void> {
  const server = await startMockServer({ preset: "fast", config: { seed: 3 } });
  try {
    await fn(server.url);
  } finally {
    await server.stop();
  }
}

Deno.test("on the mock, expected and reported cached tokens agree within one block on every request", async () => {
  await withMock(async (url) => {
    const { summary, records } = await sweepOn(url, dataset(6, 4), {
      concurrency: [3],
      rounds: 2,
      max_output_tokens: 24,
      reset_cache_url: "profile",
      prometheus_url: `${url}/metrics`,
    });
    assert.equal(summary.server?.kind, "mock", summary.server?.evidence);
    assert.equal(summary.server?.block_size, 16);
    assert.equal(records.length, 2 * 6 * 4);
    for (const r of records) {
      assert.ok(r.ok, r.error ?? "");
      assert.equal(r.token_source, "gpt");
      assert.equal(r.client_prompt_tokens, r.prompt_tokens, "gpt counts as the mock renders");
      const gap = Math.abs(r.expected_cached_tokens! - r.cached_tokens!);
      assert.ok(gap <= 16, `${r.session_id} round ${r.round} turn ${r.turn_index}: ${gap}`);
    }
    assert.ok(records.some((r) => r.round === 2 && r.turn_index === 0 && r.cached_tokens! > 0));
    for (const run of summary.runs) {
      const t = run.cache_truth!;
      assert.equal(t.reported, run.tokens.cached);
      assert.equal(t.scraped, t.reported, "Δ vllm:prefix_cache_hits = Σ cached_tokens");
      assert.equal(t.verdict, "agree");
      assert.ok(t.efficiency! > 0.98 && t.efficiency! <= 1.02, `${t.efficiency}`);
      assert.equal(run.token_check!.ratio, 1);
      assert.equal(run.token_check!.disagrees, false);
    }
    assert.deepEqual(summary.warnings, []);
    assert.deepEqual(
      Object.keys(summary.runs[0].metrics).map((k) => k.split("{")[0]).sort(),
      profileSeries(PROFILES.mock).sort(),
      "no prometheus_metrics: the profile's series are scraped, and the mock serves every one",
    );
  });
});

Deno.test("per turn: follow-ups read their history from the cache, first turns do not", async () => {
  await withMock(async (url) => {
    const { summary } = await sweepOn(url, dataset(4, 3), {
      concurrency: [2],
      rounds: 1,
      max_output_tokens: 16,
    });
    const turns = summary.runs[0].per_turn!;
    assert.equal(turns.first.requests, 4);
    assert.equal(turns.follow_ups.requests, 8);
    assert.equal(turns.first.cached_share, 0);
    assert.ok(turns.follow_ups.cached_share! > 0.5, `${turns.follow_ups.cached_share}`);
    assert.deepEqual(turns.by_turn.map((t) => [t.turn_index, t.requests]), [[0, 4], [1, 4], [
      2,
      4,
    ]]);
    assert.ok(turns.by_turn.every((t) => t.ttft_ms !== null));
  });
});

Deno.test("a reset that did not clear the cache is named in the summary, and require_cold fails it", async () => {
  await withMock(async (url) => {
    const system = "You are a careful assistant. ".repeat(12);
    const data = dataset(3, 2, system);
    // GET /v1/models answers 200 and clears nothing.
    const fake = `GET ${url}/v1/models`;
    const logs: string[] = [];
    const warm = await sweepOn(url, data, {
      concurrency: [1],
      rounds: 2,
      max_output_tokens: 16,
      reset_cache_url: fake,
      reset_cache_between_rounds: true,
      require_cold: true,
    }, logs);
    const [r1, r2] = warm.summary.runs;
    assert.equal(
      r1.cache_truth!.reset!.cleared,
      true,
      "round 1: first turns hit the shared system only",
    );
    assert.ok(r1.cache_truth!.reset!.allowed_share > 0, "the shared system prompt is allowed");
    assert.equal(r2.cache_truth!.reset!.cleared, false);
    assert.equal(r2.cache_truth!.reset!.url, fake);
    assert.equal(warm.summary.warnings!.length, 1);
    assert.match(
      warm.summary.warnings![0],
      /did not clear the cache: after "GET http:.*\/v1\/models", first turns of round2_conc1/,
    );
    assert.ok(logs.some((l) => l.startsWith("warning: The cache reset did not clear")));
    assert.match(
      notCold(warm.summary) ?? "",
      /^Cannot call the sweep cold: reset "GET .*\/v1\/models" did not clear the cache before round2_conc1/,
    );

    const cold = await sweepOn(url, data, {
      concurrency: [1],
      rounds: 2,
      max_output_tokens: 16,
      reset_cache_between_rounds: true,
      require_cold: true,
    });
    assert.equal(
      cold.summary.server?.reset,
      `POST ${url}/reset`,
      "the profile's reset, no URL given",
    );
    assert.deepEqual(cold.summary.runs.map((r) => r.cache_truth!.reset!.cleared), [true, true]);
    assert.equal(notCold(cold.summary), null);
    assert.deepEqual(cold.summary.warnings, []);
  });
});

Deno.test("round 2 without a reset between rounds is not judged as cold", async () => {
  await withMock(async (url) => {
    const { summary } = await sweepOn(url, dataset(2, 2), {
      concurrency: [1],
      rounds: 2,
      max_output_tokens: 16,
      reset_cache_url: `${url}/reset`,
    });
    assert.notEqual(summary.runs[0].cache_truth!.reset, null);
    assert.equal(summary.runs[1].cache_truth!.reset, null);
    assert.ok(summary.runs[1].per_turn!.first.cached_share! > 0.5, "round 2 is warm");
  });
});
