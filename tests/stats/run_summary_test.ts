/** @module Tests of run summaries computed from request records. */
import assert from "node:assert/strict";
import type { RequestRecord } from "../../src/results/record.ts";
import { RunAccumulator, summarizeRecords } from "../../src/stats/run_summary.ts";
import { record as baseRecord } from "../slo/_records.ts";

/** A successful first-turn record (the shared test builder; schema defaults for later fields). */
const record = (over: Partial<RequestRecord>): RequestRecord =>
  baseRecord({ turn_index: 0, ...over });

const window = { round: 1, concurrency: 2, started_at: 1_000, ended_at: 3_000, complete: true };

Deno.test("summarizeRecords counts errors by kind and keeps failures out of throughput", () => {
  const s = summarizeRecords([
    record({ ttft_ms: 100, cached_tokens: 0 }),
    record({ ttft_ms: 300, cached_tokens: 60, history_truncated: true }),
    record({ ok: false, error_kind: "http_429", ttft_ms: null, e2e_ms: null, itl_ms: [] }),
    record({ ok: false, error_kind: "timeout", output_tokens: 5 }),
    record({ ok: false, error_kind: "timeout", output_tokens: 5 }),
  ], window);
  assert.deepEqual(s.requests, { total: 5, ok: 2, failed: 3 });
  assert.deepEqual(s.errors, { http_429: 1, timeout: 2 });
  assert.equal(s.duration_s, 2);
  assert.equal(s.throughput.requests_per_s, 1);
  assert.equal(s.throughput.output_tokens_per_s, 21);
  assert.equal(s.throughput.total_tokens_per_s, 121);
  assert.equal(s.tokens.cached, 60);
  assert.equal(s.cache_hit_rate, 0.3);
  assert.equal(s.truncated_requests, 1);
  assert.equal(s.ttft_ms?.p50, 200);
  assert.equal(s.ttft_ms?.count, 2);
  assert.equal(s.itl_ms?.count, 4);
  assert.equal(s.tokens.output_source, "usage");
});

Deno.test("summarizeRecords says which source output tokens came from and null when unknown", () => {
  const mixed = summarizeRecords([
    record({}),
    record({ output_tokens_source: "counted" }),
  ], window);
  assert.equal(mixed.tokens.output_source, "mixed");
  assert.equal(mixed.cache_hit_rate, null);
  assert.equal(mixed.tokens.cached, null);
  const empty = summarizeRecords([], { ...window, complete: false });
  assert.equal(empty.ttft_ms, null);
  assert.equal(empty.complete, false);
  assert.equal(empty.requests.total, 0);
  assert.equal(empty.tokens.output_source, "counted");
});

Deno.test("RunAccumulator leaves failed requests' tokens out of the totals and throughput", () => {
  const acc = new RunAccumulator();
  acc.add(record({ prompt_tokens: 100, output_tokens: 20, cached_tokens: 40 }));
  acc.add(record({ ok: false, error_kind: "stream", prompt_tokens: 900, output_tokens: 7 }));
  acc.add(record({ ok: false, error_kind: "aborted", prompt_tokens: 50, cached_tokens: 50 }));
  const s = acc.summary(window);
  assert.deepEqual(s.tokens, { prompt: 100, output: 20, cached: 40, output_source: "usage" });
  assert.equal(s.throughput.output_tokens_per_s, 10);
  assert.equal(s.throughput.total_tokens_per_s, 60);
  assert.equal(s.cache_hit_rate, 0.4);
});

Deno.test("RunAccumulator counts a failure without error_kind under no kind, never as stream", () => {
  const acc = new RunAccumulator();
  acc.add(record({ ok: false, error_kind: null }));
  acc.add(record({ ok: false, error_kind: "stream" }));
  const s = acc.summary(window);
  assert.deepEqual(s.requests, { total: 2, ok: 0, failed: 2 });
  assert.deepEqual(s.errors, { stream: 1 });
});

Deno.test("RunAccumulator says output tokens were counted when no request succeeded", () => {
  const acc = new RunAccumulator();
  acc.add(record({ ok: false, error_kind: "http_5xx", output_tokens_source: "usage" }));
  assert.equal(acc.summary(window).tokens.output_source, "counted");
  assert.equal(acc.finish().tokens.output_source, "counted");
});

Deno.test("RunAccumulator.finish rebuilds an incomplete run over the records' own span", () => {
  const acc = new RunAccumulator({ keepItl: false });
  acc.add(record({ round: 2, concurrency: 4, started_at: 1_000, e2e_ms: 500, context_tokens: 10 }));
  acc.add(record({ round: 2, concurrency: 4, started_at: 1_200, e2e_ms: 1_800, dropped_turns: 2 }));
  acc.add(record({ ok: false, started_at: 900, e2e_ms: null, ttft_ms: null, context_tokens: 40 }));
  const s = acc.finish();
  assert.equal(s.round, 2);
  assert.equal(s.concurrency, 4);
  assert.equal(s.started_at, 900);
  assert.equal(s.ended_at, 3_000);
  assert.equal(s.duration_s, 2.1);
  assert.equal(s.complete, false);
  assert.equal(s.itl_ms, null);
  assert.equal(acc.samples.ttft.length, 2);
  assert.deepEqual(acc.context, { mean: 50, max: 100, dropped_turns: 2 });
  assert.deepEqual(acc.finish({ complete: true, started_at: 0 }).started_at, 0);
  assert.throws(() => new RunAccumulator().finish(), RangeError);
  assert.equal(new RunAccumulator().finish({ round: 1 }).requests.total, 0);
});

Deno.test("RunAccumulator with spillDir gives the in-memory summary and cleans up on close", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const records = Array.from({ length: 500 }, (_, i) =>
      record({
        ttft_ms: 50 + (i * 37) % 101,
        e2e_ms: 400 + (i * 13) % 97,
        tpot_ms: 10 + (i % 7) / 3,
        itl_ms: [9 + (i % 5), 11.5],
        ok: i % 50 !== 0,
      }));
    const memory = new RunAccumulator();
    const spilled = new RunAccumulator({ spillDir: dir });
    for (const r of records) {
      memory.add(r);
      spilled.add(r);
    }
    assert.deepEqual(spilled.summary(window), memory.summary(window));
    assert.throws(() => spilled.samples, /kept on disk/);
    assert.equal(memory.samples.ttft.length, 490);
    assert.equal([...Deno.readDirSync(dir)].length, 4, "one file per latency");
    spilled.close();
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
