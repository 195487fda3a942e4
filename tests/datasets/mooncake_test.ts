/** @module Tests for Mooncake trace import: exact blocks, reproduced reuse, bad lines by file:line. */
import assert from "node:assert/strict";
import { PrefixCache } from "../../mock/prefix_cache.ts";
import { promptTokens } from "../../mock/prompt.ts";
import {
  convertMooncake,
  ConvertMooncakeParams,
  type TraceRequest,
} from "../../src/datasets/mooncake.ts";
import type { Session } from "../../src/datasets/session.ts";
import { gptTokenizer } from "../../src/datasets/tokenizer.ts";
import { BlockTexts } from "../../src/datasets/trace_blocks.ts";
import { impliedCachedTokens } from "../../src/datasets/trace_reuse.ts";
import { listDir, readJsonl, withTempDir } from "./helpers.ts";

/**
 * A small trace with blocks of 16 tokens: shared prefixes, a whole repeat (3 of 1) whose last
 * block the chat framing fills, partial last blocks, and one (8) sharing 13 tokens of a block,
 * which the framing's 3 tokens push over a block boundary.
 */
const TRACE: TraceRequest[] = [
  { timestamp: 0, input_length: 42, output_length: 5, hash_ids: [1, 2, 3] },
  { timestamp: 100, input_length: 48, output_length: 7, hash_ids: [1, 2, 4] },
  { timestamp: 150, input_length: 42, output_length: 5, hash_ids: [1, 2, 3] },
  { timestamp: 300, input_length: 20, output_length: 9, hash_ids: [5, 6] },
  { timestamp: 320, input_length: 60, output_length: 3, hash_ids: [1, 2, 4, 7] },
  { timestamp: 400, input_length: 12, output_length: 2, hash_ids: [1] },
  { timestamp: 500, input_length: 30, output_length: 4, hash_ids: [5, 8] },
  { timestamp: 600, input_length: 29, output_length: 4, hash_ids: [1, 2] },
];

async function convert(dir: string, trace: unknown[], extra: Record<string, unknown> = {}) {
  const input = `${dir}/trace.jsonl`;
  await Deno.writeTextFile(input, trace.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const output = `${dir}/sessions.jsonl`;
  const stats = await convertMooncake(
    ConvertMooncakeParams.parse({ input, block_size: 16, ...extra }),
    { output },
  );
  return { stats, sessions: await readJsonl<Session>(output), input };
}

Deno.test("convert-mooncake makes each request a one-turn session of exactly input_length tokens", async () => {
  await withTempDir(async (dir) => {
    const { stats, sessions } = await convert(dir, TRACE);
    assert.equal(sessions.length, TRACE.length);
    for (const [i, s] of sessions.entries()) {
      assert.equal(s.session_id, `trace-${i + 1}`);
      assert.equal(gptTokenizer.count(s.user_messages[0]), TRACE[i].input_length);
      assert.deepEqual(s.turns, [{
        user_tokens: TRACE[i].input_length,
        output_tokens: TRACE[i].output_length,
        timestamp_ms: TRACE[i].timestamp,
      }]);
      assert.deepEqual(s.meta, { tokenizer: "gpt", block_size: 16, hash_ids: TRACE[i].hash_ids });
    }
    assert.equal(stats.distinct_blocks, 8);
    assert.equal(stats.block_references, 20);
    assert.deepEqual(stats.span_ms, [0, 600]);
  });
});

Deno.test("the same hash id gives the same block of text, a different one another", async () => {
  await withTempDir(async (dir) => {
    const { sessions } = await convert(dir, TRACE);
    const byId = new Map<string, string>();
    for (const [i, s] of sessions.entries()) {
      const ids = gptTokenizer.encode(s.user_messages[0]);
      TRACE[i].hash_ids.forEach((h, b) => {
        const block = ids.slice(16 * b, 16 * (b + 1));
        if (block.length < 16) return; // a partial last block
        const seen = byId.get(`${h}`);
        if (seen) assert.equal(block.join(","), seen, `block ${h} in request ${i + 1}`);
        byId.set(`${h}`, block.join(","));
      });
    }
    assert.equal(new Set(byId.values()).size, byId.size);
    const again = await convert(dir, TRACE);
    assert.deepEqual(again.sessions, sessions, "the same seed gives the same text");
    const other = await convert(dir, TRACE, { seed: 1 });
    assert.notEqual(other.sessions[0].user_messages[0], sessions[0].user_messages[0]);
  });
});

Deno.test("impliedCachedTokens counts the leading blocks each request shares with an earlier one", () => {
  // Trace view (no framing): B × full leading blocks seen before, capped at input − 1.
  assert.deepEqual(impliedCachedTokens(TRACE, { blockSize: 16 }), [0, 32, 32, 0, 48, 0, 16, 16]);
});

/** Replays the sessions through the mock's rendering and prefix cache of `blockSize`. */
function mockCached(sessions: Session[], blockSize: number): number[] {
  const cache = new PrefixCache(blockSize, 1e9);
  return sessions.map((s) =>
    cache.lookupAndInsert(promptTokens([{ role: "user", content: s.user_messages[0] }])).cached
  );
}

Deno.test("the mock's prefix cache finds on each request what the hash ids imply", async () => {
  await withTempDir(async (dir) => {
    const { sessions } = await convert(dir, TRACE);
    const blocks = new BlockTexts(gptTokenizer, 16, 0);
    const implied = impliedCachedTokens(TRACE, {
      blockSize: 16,
      offset: 3,
      suffix: 5,
      isPrefixCut: (id, tokens) => blocks.isPrefixCut(id, tokens),
    });
    // In the server's frame, 3 tokens before the text and 5 after: the repeat and request 8 gain.
    assert.deepEqual(implied, [0, 32, 48, 0, 48, 0, 16, 32]);
    assert.deepEqual(mockCached(sessions, 16), implied);
  });
});

Deno.test("Mooncake's 512-token blocks reproduce their reuse in a mock with 512-token blocks", async () => {
  await withTempDir(async (dir) => {
    const trace = [
      { timestamp: 0, input_length: 1500, output_length: 20, hash_ids: [10, 11, 12] },
      { timestamp: 40, input_length: 1100, output_length: 20, hash_ids: [10, 11, 13] },
      { timestamp: 90, input_length: 2048, output_length: 20, hash_ids: [10, 11, 12, 14] },
      { timestamp: 95, input_length: 300, output_length: 20, hash_ids: [15] },
    ];
    const input = `${dir}/t.jsonl`;
    await Deno.writeTextFile(input, trace.map((r) => JSON.stringify(r)).join("\n"));
    await convertMooncake(ConvertMooncakeParams.parse({ input }), { output: `${dir}/s.jsonl` });
    const sessions = await readJsonl<Session>(`${dir}/s.jsonl`);
    const implied = impliedCachedTokens(trace, { blockSize: 512, offset: 3, suffix: 5 });
    assert.deepEqual(implied, [0, 1024, 1024, 0]);
    assert.deepEqual(mockCached(sessions, 512), implied);
  });
});

Deno.test("a bad trace line fails with file:line, or is counted and passed over when asked", async () => {
  await withTempDir(async (dir) => {
    const lines = [
      JSON.stringify(TRACE[0]),
      JSON.stringify({ ...TRACE[1], hash_ids: [] }),
      "{not json",
      JSON.stringify({ ...TRACE[1], input_length: 49 }),
      JSON.stringify({ ...TRACE[1], hash_ids: [1, -2, 3] }),
      JSON.stringify({ timestamp: 5, input_length: 10, hash_ids: [1] }),
    ];
    const input = `${dir}/trace.jsonl`;
    await Deno.writeTextFile(input, lines.join("\n") + "\n");
    const params = (extra = {}) => ConvertMooncakeParams.parse({ input, block_size: 16, ...extra });
    await assert.rejects(
      () => convertMooncake(params(), { output: `${dir}/out.jsonl` }),
      (e: Error) => e.message === `${input}:2: "hash_ids" is not a non-empty array`,
    );
    assert.deepEqual(await listDir(dir), ["trace.jsonl"]);
    const stats = await convertMooncake(params({ skip_invalid: true }), {
      output: `${dir}/out.jsonl`,
    });
    assert.equal(stats.sessions_written, 1);
    assert.equal(stats.invalid_skipped, 5);
    assert.deepEqual(stats.invalid_examples.map((m) => m.slice(input.length)), [
      `:2: "hash_ids" is not a non-empty array`,
      `:3: not valid JSON: ${stats.invalid_examples[1].split("not valid JSON: ")[1]}`,
      `:4: "input_length" 49 does not fill 3 blocks of 16 tokens (33–48); is the block size right?`,
      `:5: "hash_ids"[1] is -2, not an integer ≥ 0`,
      `:6: no "output_length"`,
    ]);
    await Deno.writeTextFile(input, lines[1] + "\n");
    await assert.rejects(
      () => convertMooncake(params({ skip_invalid: true }), { output: `${dir}/none.jsonl` }),
      (e: Error) => e.message.startsWith("No sessions to write: no usable request in "),
    );
    assert.ok(!(await listDir(dir)).includes("none.jsonl"));
  });
});
