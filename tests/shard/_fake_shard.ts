/** @module A fabricated shard folder (summary + records) for the merge tests. */
import { join } from "node:path";
import { summarizeRecords } from "../../src/stats/run_summary.ts";

/** A fabricated shard folder: a summary of one run (window given) and `n` records of it. */
export async function fakeShard(
  dir: string,
  index: number,
  count: number,
  o: {
    window?: [number, number];
    complete?: boolean;
    config?: Record<string, unknown>;
    n?: number;
  } = {},
) {
  const [start, end] = o.window ?? [1000, 2000];
  const folder = join(dir, "shards", `${index}-of-${count}`);
  await Deno.mkdir(folder, { recursive: true });
  const records = Array.from({ length: o.n ?? 3 }, (_, i) => ({
    round: 1,
    concurrency: 4,
    request_rate: null,
    session_id: `s${index}-${i}`,
    turn_index: 0,
    request_id: null,
    started_at: start + i,
    queue_wait_ms: null,
    ttft_ms: 10 + index * 10 + i,
    e2e_ms: 50 + i,
    itl_ms: [1, 2],
    tpot_ms: 1.5,
    output_tokens: 3,
    output_tokens_source: "usage",
    prompt_tokens: 20,
    prompt_tokens_source: "usage",
    cached_tokens: 0,
    context_tokens: 20,
    history_truncated: false,
    dropped_turns: 0,
    message_truncated: false,
    finish_reason: "stop",
    ok: true,
    http_status: 200,
    error: null,
    error_kind: null,
    shard: `${index}-of-${count}`,
  }));
  const run = summarizeRecords(records as never, {
    round: 1,
    concurrency: 4,
    started_at: start,
    ended_at: end,
    complete: o.complete ?? true,
  });
  const summary = {
    format: 1,
    complete: o.complete ?? true,
    started_at: start,
    ended_at: end,
    turnbench_version: "test",
    git_commit: null,
    config: {
      endpoint: "http://127.0.0.1:1/v1/chat/completions",
      model: "m",
      dataset: `/copy-${index}/sessions.jsonl`,
      dataset_digest: "abc",
      num_samples: null,
      concurrency: [4],
      request_rates: [],
      rounds: 1,
      max_context_tokens: 4096,
      max_output_tokens: 32,
      reset_cache_between_rounds: false,
      seed: null,
      ...o.config,
    },
    runs: [run],
    shards: {
      count,
      index,
      present: [index],
      missing: [],
      incomplete: [],
      skew_ms: null,
      not_overlapping: [],
    },
  };
  await Deno.writeTextFile(join(folder, "summary.json"), JSON.stringify(summary));
  await Deno.writeTextFile(
    join(folder, "records.jsonl"),
    records.map((r) => JSON.stringify(r)).join("\n") + "\n",
  );
}
