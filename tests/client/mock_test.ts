/** @module Tests of the client against the mock server: every fault kind, cache reuse, timings. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sendChat } from "../../src/client/chat_request.ts";
import { SweepOptions, type SweepOptionsInput } from "../../src/client/options.ts";
import type { SweepProgress } from "../../src/client/progress.ts";
import { runSweep } from "../../src/client/sweep.ts";
import { RequestRecord } from "../../src/results/record.ts";
import { startMockServer } from "../../mock/server.ts";
import type { MockConfigInput } from "../../mock/config.ts";
import type { MockTiming } from "../../mock/timings.ts";

const DATASET = new URL("../testdata/client/sessions.jsonl", import.meta.url).pathname;
const TURNS = 6;
const quiet: SweepProgress = { runStart() {}, update() {}, runEnd() {}, log() {} };

const body = JSON.stringify({
  model: "mock-model",
  messages: [{ role: "user", content: "Tell me about prefix caches." }],
  max_tokens: 16,
  stream: true,
  stream_options: { include_usage: true },
});

async function withMock(
  config: MockConfigInput,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const server = await startMockServer({ preset: "fast", config: { seed: 7, ...config } });
  try {
    await fn(server.url);
  } finally {
    await server.stop();
  }
}

async function sweepRecords(url: string, opts: Partial<SweepOptionsInput>) {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-mock-" });
  try {
    const summary = await runSweep(
      SweepOptions.parse({ dataset: DATASET, endpoint: `${url}/v1/chat/completions`, ...opts }),
      { outDir: dir, progress: quiet },
    );
    const lines = (await Deno.readTextFile(join(dir, "records.jsonl"))).trim().split("\n");
    return { summary, records: lines.map((l) => RequestRecord.parse(JSON.parse(l))) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("client against the mock: each forced fault becomes its error kind", async () => {
  await withMock({}, async (url) => {
    const send = (fault: string, timeoutMs = 5_000) =>
      sendChat({
        endpoint: `${url}/v1/chat/completions`,
        body,
        requestId: `fault-${fault}`,
        headers: { "x-mock-fault": fault },
        timeoutMs,
      });
    const r429 = await send("status=429");
    assert.equal(r429.errorKind, "http_429");
    assert.match(r429.error ?? "", /retry-after/);
    assert.equal((await send("status=400")).errorKind, "http_4xx");
    assert.equal((await send("status=500")).errorKind, "http_5xx");
    assert.equal((await send("status=503")).errorKind, "http_5xx");

    const aborted = await send("abort=3");
    assert.equal(aborted.ok, false);
    assert.equal(aborted.errorKind, "stream");
    assert.equal(aborted.itlMs.length, 2, "three content chunks arrived before the cut");

    const stalled = await send("stall=2000", 300);
    assert.equal(stalled.errorKind, "timeout");
    assert.ok(stalled.ttftMs !== null, "the first chunk came before the stall");

    const slow = await send("slow-start=120");
    assert.equal(slow.ok, true, slow.error ?? "");
    assert.ok(slow.ttftMs !== null && slow.ttftMs >= 110, `ttft ${slow.ttftMs}`);
    assert.equal(slow.usage?.completionTokens, slow.itlMs.length + 1);
  });
});

Deno.test("client against the mock: a sweep with random faults finishes and counts them by kind", async () => {
  const faults = { error_rate: 0.5, error_codes: [429, 500], abort_rate: 0.5 };
  await withMock({ faults }, async (url) => {
    const { summary, records } = await sweepRecords(url, { concurrency: [3], rounds: 2 });
    assert.equal(summary.complete, true);
    assert.equal(records.length, 2 * TURNS);
    for (const run of summary.runs) {
      const counted = Object.values(run.errors).reduce((a, b) => a + (b ?? 0), 0);
      assert.equal(counted, run.requests.failed);
    }
    const kinds = new Set(records.filter((r) => !r.ok).map((r) => r.error_kind));
    assert.ok(kinds.size >= 2, `error kinds seen: ${[...kinds].join(", ")}`);
    assert.ok([...kinds].every((k) => ["http_429", "http_5xx", "stream"].includes(k!)));
  });
});

Deno.test("client against the mock: round 2 reads cached tokens; a reset between rounds clears them", async () => {
  await withMock({}, async (url) => {
    const warm = await sweepRecords(url, { concurrency: [2], reset_cache_url: `${url}/reset` });
    const [r1, r2] = warm.summary.runs;
    assert.equal(r1.requests.ok, TURNS);
    assert.ok((r2.cache_hit_rate ?? 0) > (r1.cache_hit_rate ?? 0), "warm round 2 hits more");
    assert.ok(warm.records.every((r) => r.output_tokens_source === "usage"));

    const cold = await sweepRecords(url, {
      concurrency: [2],
      reset_cache_url: `${url}/reset_prefix_cache`,
      reset_cache_between_rounds: true,
    });
    const firstTurns = (round: number) =>
      cold.records.filter((r) => r.round === round && r.turn_index === 0)
        .sort((a, b) => a.session_id.localeCompare(b.session_id));
    assert.deepEqual(
      firstTurns(2).map((r) => r.cached_tokens),
      firstTurns(1).map((r) => r.cached_tokens),
      "after a reset, round 2's first turns find nothing more cached than round 1's",
    );
  });
});

Deno.test("client against the mock: first-content times agree with the mock's own record", async () => {
  await withMock({ latency: { ttft_ms: 20, itl_ms: 2 } }, async (url) => {
    const { records } = await sweepRecords(url, { concurrency: [2], rounds: 1 });
    const timings: MockTiming[] = await (await fetch(`${url}/mock/timings`)).json();
    const byId = new Map(timings.map((t) => [t.id, t]));
    for (const r of records) {
      const t = byId.get(r.request_id!);
      assert.ok(t?.first_content_at, `mock timing for ${r.request_id}`);
      // The same event seen from both ends, in causal order (1 ms for the two clocks' rounding):
      // sent before received, first content sent before the client read it, read before the end.
      const clientFirst = r.started_at + r.ttft_ms!;
      assert.ok(
        r.started_at < t.received_at + 1,
        `sent ${r.started_at}, received ${t.received_at}`,
      );
      assert.ok(
        clientFirst > t.first_content_at - 1,
        `client − mock: ${clientFirst - t.first_content_at}`,
      );
      assert.ok(clientFirst <= r.started_at + r.e2e_ms!, "first content before the end");
      assert.ok(
        t.first_content_at - t.received_at <= r.ttft_ms! + 1,
        "mock TTFT within the client's",
      );
      assert.equal(r.output_tokens, t.output_tokens);
      assert.equal(r.prompt_tokens, t.prompt_tokens);
    }
  });
});

Deno.test("client against the mock: a sweep scrapes the mock's metrics around each run", async () => {
  await withMock({}, async (url) => {
    const { summary, records } = await sweepRecords(url, {
      concurrency: [2],
      prometheus_url: `${url}/metrics`,
      prometheus_metrics: ["vllm:generation_tokens_total", "vllm:time_to_first_token_seconds"],
    });
    for (const run of summary.runs) {
      const generated = Object.entries(run.metrics).find(([k]) =>
        k.startsWith("vllm:generation_tokens_total")
      );
      assert.ok(generated, Object.keys(run.metrics).join(", "));
      const output = records.filter((r) => r.round === run.round)
        .reduce((n, r) => n + r.output_tokens, 0);
      assert.equal(generated[1].delta, output, "the server counted what the client received");
      assert.ok(
        Object.keys(run.metrics).some((k) =>
          k.startsWith("vllm:time_to_first_token_seconds_bucket{")
        ),
      );
    }
  });
});

Deno.test("client against the mock: the client's prompt count equals the mock's, framing included", async () => {
  await withMock({}, async (url) => {
    const { records } = await sweepRecords(url, { concurrency: [2], rounds: 1 });
    assert.equal(records.length, TURNS);
    for (const r of records) {
      assert.equal(r.prompt_tokens_source, "usage");
      assert.equal(r.context_tokens, r.prompt_tokens, `${r.session_id} turn ${r.turn_index}`);
    }
  });
});
