/**
 * @module Issue 14's workloads replayed by the sweep against the mock (in-process, on 127.0.0.1
 * port 0): a synthesized shared-prefix workload shows the hit rate its spec implies, a Mooncake
 * trace replayed at trace time reproduces its block reuse request by request, an agentic
 * session's history grows by its tool results, and a server that stops early is flagged.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SweepOptions, type SweepOptionsInput } from "../../src/client/options.ts";
import type { SweepProgress } from "../../src/client/progress.ts";
import { runSweep } from "../../src/client/sweep.ts";
import { stepTokens } from "../../src/client/tool_steps.ts";
import { expectedCache, expectedHitRate } from "../../src/datasets/expected_hit_rate.ts";
import { convertMooncake, ConvertMooncakeParams } from "../../src/datasets/mooncake.ts";
import type { Session } from "../../src/datasets/session.ts";
import { synthesize, synthesizeSessions } from "../../src/datasets/synthesize.ts";
import { checkSpec } from "../../src/datasets/synthesize_spec.ts";
import { gptTokenizer } from "../../src/datasets/tokenizer.ts";
import { BlockTexts } from "../../src/datasets/trace_blocks.ts";
import { impliedCachedTokens } from "../../src/datasets/trace_reuse.ts";
import { RequestRecord } from "../../src/results/record.ts";
import type { SweepSummary } from "../../src/results/summary.ts";
import type { MockConfigInput } from "../../mock/config.ts";
import { startMockServer } from "../../mock/server.ts";
import type { MockTiming } from "../../mock/timings.ts";

const quiet: SweepProgress = { runStart() {}, update() {}, runEnd() {}, log() {} };
const B = 16;

interface Swept {
  summary: SweepSummary;
  records: RequestRecord[];
  /** The mock's request ids in the order it took them. */
  received: string[];
}

/** Runs a sweep of `dataset` against a fresh mock; records in the order they were written. */
async function sweep(
  dir: string,
  dataset: string,
  mock: MockConfigInput,
  opts: Partial<SweepOptionsInput>,
): Promise<Swept> {
  const server = await startMockServer({
    preset: "fast",
    config: { seed: 5, cache: { block_size: B }, ...mock },
  });
  try {
    const out = join(dir, `out-${crypto.randomUUID().slice(0, 6)}`);
    const summary = await runSweep(
      SweepOptions.parse({
        dataset,
        endpoint: `${server.url}/v1/chat/completions`,
        concurrency: [1],
        rounds: 1,
        max_context_tokens: 65_536,
        max_output_tokens: 1024,
        exact_output_tokens: true,
        ...opts,
      }),
      { outDir: out, progress: quiet },
    );
    const lines = (await Deno.readTextFile(join(out, "records.jsonl"))).trim().split("\n");
    const timings: MockTiming[] = await (await fetch(`${server.url}/mock/timings`)).json();
    return {
      summary,
      records: lines.map((l) => RequestRecord.parse(JSON.parse(l))),
      received: timings.map((t) => t.id),
    };
  } finally {
    await server.stop();
  }
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-workloads-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const SHARED = {
  seed: 7,
  sessions: 24,
  turns: { dist: "uniform", min: 2, max: 4 },
  user_tokens: { dist: "lognormal", median: 60, sigma: 0.6, min: 8, max: 300 },
  output_tokens: { dist: "normal", mean: 60, stddev: 20, min: 8, max: 150 },
  system_prompt: { groups: 3, shared_tokens: 400 },
};

Deno.test("a synthesized shared-prefix workload shows the hit rate its spec implies, within 2 points", async () => {
  await withDir(async (dir) => {
    const spec = checkSpec(SHARED, "spec");
    const dataset = join(dir, "shared.jsonl");
    await synthesize(spec, { output: dataset });
    const { summary, records } = await sweep(dir, dataset, {}, { rounds: 2 });
    const [round1, round2] = summary.runs;
    const implied1 = expectedHitRate(spec, { blockSize: B });
    const implied2 = expectedHitRate(spec, { blockSize: B, round: 2 });
    assert.ok(implied1 > 0.4 && implied2 > implied1, `${implied1} ${implied2}`);
    assert.ok(
      Math.abs(round1.cache_hit_rate! - implied1) <= 0.02,
      `round 1: ${round1.cache_hit_rate} vs ${implied1}`,
    );
    assert.ok(
      Math.abs(round2.cache_hit_rate! - implied2) <= 0.02,
      `round 2: ${round2.cache_hit_rate} vs ${implied2}`,
    );
    // One session at a time, exact answer lengths: every request is what the model says.
    const expected = expectedCache(synthesizeSessions(spec), gptTokenizer, { blockSize: B });
    const first = records.filter((r) => r.round === 1);
    assert.deepEqual(
      first.map((r) => [r.prompt_tokens, r.cached_tokens]),
      expected.requests.map((r) => [r.prompt_tokens, r.cached_tokens]),
    );
    assert.ok(first.every((r) => r.context_tokens === r.prompt_tokens && !r.history_truncated));
    assert.ok(first.every((r) => r.stopped_early === false), "the mock kept to every length");
  });
});

Deno.test("a shared-prefix workload at concurrency 4 still shows the implied hit rate, within 2 points", async () => {
  await withDir(async (dir) => {
    const spec = checkSpec({ ...SHARED, seed: 8 }, "spec");
    const dataset = join(dir, "shared.jsonl");
    await synthesize(spec, { output: dataset });
    const { summary } = await sweep(dir, dataset, {}, { concurrency: [4] });
    const implied = expectedHitRate(spec, { blockSize: B });
    const got = summary.runs[0].cache_hit_rate!;
    assert.ok(Math.abs(got - implied) <= 0.02, `${got} vs ${implied}`);
  });
});

/** A fixture trace in blocks of 16: shared prefixes, a whole repeat, partial last blocks. */
const TRACE = [
  { timestamp: 0, input_length: 42, output_length: 5, hash_ids: [1, 2, 3] },
  { timestamp: 100, input_length: 48, output_length: 7, hash_ids: [1, 2, 4] },
  { timestamp: 150, input_length: 42, output_length: 5, hash_ids: [1, 2, 3] },
  { timestamp: 300, input_length: 20, output_length: 9, hash_ids: [5, 6] },
  { timestamp: 320, input_length: 60, output_length: 3, hash_ids: [1, 2, 4, 7] },
  { timestamp: 400, input_length: 12, output_length: 2, hash_ids: [1] },
  { timestamp: 500, input_length: 30, output_length: 4, hash_ids: [5, 8] },
  { timestamp: 600, input_length: 29, output_length: 4, hash_ids: [1, 2] },
  { timestamp: 640, input_length: 100, output_length: 6, hash_ids: [1, 2, 4, 7, 9, 10, 11] },
];

Deno.test("a Mooncake trace replayed at trace time reproduces its block reuse on every request", async () => {
  await withDir(async (dir) => {
    const input = join(dir, "trace.jsonl");
    await Deno.writeTextFile(input, TRACE.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const dataset = join(dir, "sessions.jsonl");
    await convertMooncake(ConvertMooncakeParams.parse({ input, block_size: B }), {
      output: dataset,
    });
    const { summary, records, received } = await sweep(dir, dataset, {}, {
      concurrency: [],
      replay: { speed: 4 },
    });
    assert.equal(summary.runs[0].trace_speed, 4);
    assert.equal(records.length, TRACE.length);
    // The hits the hash ids imply, in the order the mock took the requests (the trace's order
    // unless two went out together), in the frame of one ChatML user message.
    const sessions: Session[] = (await Deno.readTextFile(dataset)).trim().split("\n")
      .map((l) => JSON.parse(l));
    const index = new Map(sessions.map((s, i) => [s.session_id, i]));
    const byId = new Map(records.map((r) => [r.request_id!, r]));
    const order = received.map((id) => byId.get(id)!);
    const blocks = new BlockTexts(gptTokenizer, B, 0);
    const implied = impliedCachedTokens(order.map((r) => TRACE[index.get(r.session_id)!]), {
      blockSize: B,
      offset: 3,
      suffix: 5,
      isPrefixCut: (id, tokens) => blocks.isPrefixCut(id, tokens),
    });
    assert.deepEqual(order.map((r) => r.cached_tokens), implied);
    assert.ok(implied.filter((n) => n > 0).length >= 5, `reuse to reproduce: ${implied}`);
    for (const r of records) {
      const t = TRACE[index.get(r.session_id)!];
      assert.equal(r.prompt_tokens, t.input_length + 8, "the trace's input, framed");
      assert.equal(r.requested_output_tokens, t.output_length);
      assert.equal(r.output_tokens, t.output_length);
      assert.equal(r.trace_speed, 4);
      assert.ok(r.due_at !== null && r.queue_wait_ms !== null && r.queue_wait_ms >= 0);
    }
    const first = Math.min(...records.map((r) => r.due_at!));
    for (const r of records) {
      const t = TRACE[index.get(r.session_id)!];
      assert.ok(Math.abs(r.due_at! - first - t.timestamp / 4) < 0.01, "due at trace time ÷ 4");
    }
  });
});

const AGENTIC = {
  seed: 3,
  sessions: 4,
  turns: { dist: "uniform", min: 2, max: 3 },
  user_tokens: { dist: "uniform", min: 10, max: 40 },
  output_tokens: 30,
  system_prompt: { groups: 1, shared_tokens: 200 },
  tools: {
    definitions: 4,
    calls_per_turn: { dist: "uniform", min: 0, max: 3 },
    calls_per_step: { dist: "uniform", min: 1, max: 2 },
    result_tokens: { dist: "uniform", min: 50, max: 300 },
  },
};

Deno.test("an agentic session replays against the mock with the history growing as specified", async () => {
  await withDir(async (dir) => {
    const spec = checkSpec(AGENTIC, "spec");
    const dataset = join(dir, "agentic.jsonl");
    await synthesize(spec, { output: dataset });
    const sessions = [...synthesizeSessions(spec)];
    const { records } = await sweep(dir, dataset, {}, {});
    const expected = expectedCache(sessions, gptTokenizer, { blockSize: B });
    assert.ok(expected.requests.some((r) => r.step > 0), "the spec makes tool steps");
    assert.deepEqual(
      records.map((
        r,
      ) => [r.session_id, r.turn_index, r.tool_step, r.prompt_tokens, r.cached_tokens]),
      expected.requests.map((
        r,
      ) => [r.session_id, r.turn, r.step, r.prompt_tokens, r.cached_tokens]),
    );
    for (const [i, r] of records.entries()) {
      assert.equal(
        r.context_tokens,
        r.prompt_tokens,
        "the client counts tool messages as the mock",
      );
      assert.equal(r.expected_cached_tokens, r.cached_tokens, "issue 12's expected cache agrees");
      if (r.tool_step === 0) continue;
      const s = sessions.find((x) => x.session_id === r.session_id)!;
      const step = s.turns![r.turn_index].tool_steps![r.tool_step - 1];
      assert.equal(r.tool_calls_sent, step.calls.length);
      assert.equal(
        r.prompt_tokens - records[i - 1].prompt_tokens,
        stepTokens(step),
        "a step's request grows by the calls and their results",
      );
    }
    assert.ok(records.every((r) => r.tool_calls === 0 && r.ok));
  });
});

Deno.test("a mock answering with tool calls is counted, and the recorded steps still grow the history", async () => {
  await withDir(async (dir) => {
    const spec = checkSpec(AGENTIC, "spec");
    const dataset = join(dir, "agentic.jsonl");
    await synthesize(spec, { output: dataset });
    const sessions = [...synthesizeSessions(spec)];
    const { records } = await sweep(dir, dataset, { tool_call_rate: 1 }, {});
    assert.ok(records.every((r) => r.ok && r.tool_calls === 1 && r.finish_reason === "tool_calls"));
    assert.ok(records.every((r) => r.output_tokens === r.requested_output_tokens));
    for (const [i, r] of records.entries()) {
      if (r.tool_step === 0) continue;
      const step = sessions.find((x) => x.session_id === r.session_id)!
        .turns![r.turn_index].tool_steps![r.tool_step - 1];
      assert.equal(r.prompt_tokens - records[i - 1].prompt_tokens, stepTokens(step));
    }
  });
});

Deno.test("a server that stops before the exact length asked is flagged stopped_early", async () => {
  await withDir(async (dir) => {
    const spec = checkSpec({ ...SHARED, sessions: 3 }, "spec");
    const dataset = join(dir, "s.jsonl");
    await synthesize(spec, { output: dataset });
    const output = { distribution: "fixed", mean: 4 } as const;
    const early = await sweep(dir, dataset, { honour_min_tokens: false, output }, {});
    assert.ok(early.records.length > 0);
    for (const r of early.records) {
      assert.ok(r.requested_output_tokens! >= 8);
      assert.equal(r.output_tokens, 4);
      assert.equal(r.finish_reason, "stop");
      assert.equal(r.stopped_early, true);
    }
    const kept = await sweep(dir, dataset, { output }, {});
    assert.ok(kept.records.every((r) => r.stopped_early === false && r.finish_reason === "length"));
    const unasked = await sweep(dir, dataset, { output }, { exact_output_tokens: false });
    assert.ok(unasked.records.every((r) => r.stopped_early === null && r.output_tokens === 4));
  });
});
