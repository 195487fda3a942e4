/** @module Tests of cache resets in a sharded sweep: shard 0 resets the server, every shard forgets. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SweepOptions } from "../../src/client/options.ts";
import { runShardSweep } from "../../src/shard/run_shard.ts";
import { quietProgress, readRecords, startMock, tempDir } from "./_helpers.ts";

const WORDS = "cache prefix token latency stream server model batch prompt answer".split(" ");

/** `n` sessions of 3 questions of ~60 words (several cache blocks each), distinct per session. */
async function writeLongDataset(dir: string, n: number): Promise<string> {
  const path = join(dir, "sessions.jsonl");
  await Deno.writeTextFile(
    path,
    Array.from({ length: n }, (_, s) =>
      JSON.stringify({
        session_id: `s${s}`,
        user_messages: Array.from({ length: 3 }, (_, t) =>
          `Session ${s} turn ${t}: ` +
          Array.from({ length: 60 }, (_, w) => WORDS[(s * 7 + t * 3 + w * 5) % WORDS.length])
            .join(" ")),
      })).join("\n") + "\n",
  );
  return path;
}

Deno.test("after a reset made by shard 0, every shard's expected cache agrees with the server", async () => {
  await using tmp = await tempDir("reset");
  const mock = await startMock();
  try {
    const options = SweepOptions.parse({
      dataset: await writeLongDataset(tmp.path, 8),
      endpoint: `${mock.url}/v1/chat/completions`,
      concurrency: [2],
      rounds: 2,
      max_output_tokens: 24,
      reset_cache_url: "profile",
      reset_cache_between_rounds: true,
    });
    const dir = join(tmp.path, "sharded");
    const logs: string[][] = [[], []];
    const shards = await Promise.all([0, 1].map((index) =>
      runShardSweep(options, {
        shard: { index, count: 2 },
        dir,
        syncId: "t",
        syncTimeoutMs: 60_000,
        marginMs: 20,
        resume: false,
        progress: quietProgress(logs[index]),
      })
    ));
    assert.ok(shards.every((s) => s.complete));
    assert.equal(logs[0].filter((l) => l.startsWith("cache reset")).length, 2, logs[0].join("\n"));
    assert.equal(
      logs[1].filter((l) => l.startsWith("cache reset")).length,
      0,
      "shard 1 never resets",
    );
    for (const index of [0, 1]) {
      const records = await readRecords(join(dir, "shards", `${index}-of-2`, "records.jsonl"));
      const round2 = records.filter((r) => r.round === 2);
      assert.ok(round2.length > 0);
      // Round 2 follows a reset: its first turns hit nothing, on the server and in the expectation.
      for (const r of records) {
        assert.ok(r.ok, r.error ?? "");
        const gap = Math.abs(r.expected_cached_tokens! - r.cached_tokens!);
        assert.ok(
          gap <= 16,
          `shard ${index} round ${r.round} ${r.session_id}#${r.turn_index}: ${gap}`,
        );
      }
      for (const r of round2.filter((r) => r.turn_index === 0)) {
        assert.ok(r.prompt_tokens > 32, "a first turn spans blocks the reset must drop");
        assert.equal(r.cached_tokens, 0, `shard ${index} ${r.session_id}: the server was reset`);
      }
    }
  } finally {
    await mock.stop();
  }
});
