/**
 * @module Shard benchmarks: the exact merge of 4 shards × 250k generated records (time, and peak
 * memory against a merge 5× smaller: flat means 5× the records costs at most a quarter more
 * memory, as the latency samples spill to disk), and peak requests/s of `--workers 2` against one
 * process on the zero-latency mock.
 */
import { join } from "node:path";
import type { PerfRow } from "./row.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const RUNS = [[1, 8], [2, 8], [1, 16], [2, 16]] as const;

/** Writes `perShard` records into each of 4 shard folders (4 runs each), with their summaries. */
async function generate(dir: string, perShard: number): Promise<void> {
  const enc = new TextEncoder();
  const perRun = Math.floor(perShard / RUNS.length);
  for (let s = 0; s < 4; s++) {
    const folder = join(dir, "shards", `${s}-of-4`);
    await Deno.mkdir(folder, { recursive: true });
    const file = await Deno.open(join(folder, "records.jsonl"), {
      write: true,
      create: true,
      truncate: true,
    });
    const runs = [];
    let t = 1_800_000_000_000;
    for (const [round, c] of RUNS) {
      const start = t;
      let lines: string[] = [];
      for (let i = 0; i < perRun; i++) {
        t += 0.25;
        const ttft = 20 + ((i * 7919 + s * 31) % 1000) / 10;
        lines.push(JSON.stringify({
          round,
          concurrency: c,
          request_rate: null,
          session_id: `sess-${s}-${i % 5000}`,
          turn_index: i % 7,
          request_id: `tb-${s}-${round}-${c}-${i}`,
          started_at: t,
          queue_wait_ms: null,
          ttft_ms: ttft,
          e2e_ms: ttft + 300,
          itl_ms: [9.5, 10.25, 11, 9.75],
          tpot_ms: 10.1,
          output_tokens: 32,
          output_tokens_source: "usage",
          prompt_tokens: 812,
          prompt_tokens_source: "usage",
          cached_tokens: 640,
          context_tokens: 812,
          history_truncated: false,
          dropped_turns: 0,
          message_truncated: false,
          finish_reason: "length",
          ok: true,
          http_status: 200,
          error: null,
          error_kind: null,
          shard: `${s}-of-4`,
        }));
        if (lines.length >= 5000) {
          await file.write(enc.encode(lines.join("\n") + "\n"));
          lines = [];
        }
      }
      if (lines.length) await file.write(enc.encode(lines.join("\n") + "\n"));
      runs.push({
        round,
        concurrency: c,
        request_rate: null,
        started_at: start,
        ended_at: t + 400,
        duration_s: (t + 400 - start) / 1000,
        complete: true,
        requests: { total: perRun, ok: perRun, failed: 0 },
        errors: {},
        throughput: { requests_per_s: 0, output_tokens_per_s: 0, total_tokens_per_s: 0 },
        tokens: { prompt: 0, output: 0, cached: 0, output_source: "usage" },
        cache_hit_rate: null,
        truncated_requests: 0,
        ttft_ms: null,
        itl_ms: null,
        tpot_ms: null,
        e2e_ms: null,
        metrics: {},
      });
    }
    file.close();
    await Deno.writeTextFile(
      join(folder, "summary.json"),
      JSON.stringify({
        format: 1,
        complete: true,
        started_at: runs[0].started_at,
        ended_at: t + 400,
        turnbench_version: "perf",
        git_commit: null,
        config: {
          endpoint: "http://127.0.0.1:1/v1/chat/completions",
          model: "m",
          dataset: "d.jsonl",
          dataset_digest: "perf",
          num_samples: null,
          concurrency: [8, 16],
          request_rates: [],
          rounds: 2,
          max_context_tokens: 4096,
          max_output_tokens: 32,
          reset_cache_between_rounds: false,
          seed: null,
        },
        runs,
        shards: {
          count: 4,
          index: s,
          present: [s],
          missing: [],
          incomplete: [],
          skew_ms: null,
          not_overlapping: [],
        },
      }),
    );
  }
}

async function mergeOnce(perShard: number) {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-perf-merge-" });
  try {
    await generate(dir, perShard);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "tests/perf/shard_merge_run.ts"), dir],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!out.success) throw new Error("merge child failed");
    return JSON.parse(new TextDecoder().decode(out.stdout)) as {
      records: number;
      seconds: number;
      peakMiB: number;
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function mergeRows(): Promise<PerfRow[]> {
  const small = await mergeOnce(50_000);
  const big = await mergeOnce(250_000);
  return [
    {
      figure: `merge-shards, 4 shards × 250k records (${big.records})`,
      value: big.seconds,
      unit: "s",
      target: "≤ 5",
      pass: big.seconds <= 5,
    },
    {
      figure: "merge-shards peak RSS, 4 × 250k records",
      value: big.peakMiB,
      unit: "MiB",
      target: "",
    },
    {
      figure: "merge-shards peak RSS, 4 × 50k records",
      value: small.peakMiB,
      unit: "MiB",
      target: "",
    },
    {
      figure: "merge-shards peak RSS, 4 × 250k over 4 × 50k (flat)",
      value: big.peakMiB / small.peakMiB,
      unit: "×",
      target: "≤ 1.25",
      pass: big.peakMiB / small.peakMiB <= 1.25,
    },
  ];
}

/** Starts the zero-latency mock and returns its URL and a stop. */
async function startZeroMock() {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "src/cli/mock.ts", "--port", "0", "--preset", "zero"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`mock exited: ${text}`);
    text += value;
    const m = text.match(/turnbench mock listening on (http:\/\/\S+)/);
    if (m) {
      reader.releaseLock();
      child.stdout.cancel().catch(() => {});
      return { url: m[1], stop: async () => (child.kill("SIGTERM"), await child.status) };
    }
  }
}

async function workersRows(): Promise<PerfRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-perf-workers-" });
  const mock = await startZeroMock();
  try {
    const dataset = join(dir, "sessions.jsonl");
    await Deno.writeTextFile(
      dataset,
      Array.from({ length: 600 }, (_, i) =>
        JSON.stringify({
          session_id: `w${i}`,
          user_messages: [`first ${i}`, `second ${i}`, `third ${i}`],
        })).join("\n") + "\n",
    );
    const rate = async (workers: number) => {
      const out = join(dir, `out-${workers}`);
      const r = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "src/cli/bench.ts",
          "--dataset",
          dataset,
          "--endpoint",
          `${mock.url}/v1/chat/completions`,
          "--concurrency",
          "128",
          "--rounds",
          "1",
          "--max-output-tokens",
          "32",
          "--output-dir",
          out,
          "--workers",
          String(workers),
        ],
        cwd: ROOT,
        stdout: "null",
        stderr: "null",
      }).output();
      if (!r.success) throw new Error(`bench --workers ${workers} failed`);
      const summary = JSON.parse(await Deno.readTextFile(join(out, "summary.json")));
      return summary.runs[0].throughput.requests_per_s as number;
    };
    await rate(1); // warm up
    const one = await rate(1);
    const two = await rate(2);
    return [
      { figure: "peak req/s, 1 process, zero mock, c=128", value: one, unit: "req/s", target: "" },
      {
        figure: "peak req/s, --workers 2, zero mock, c=128",
        value: two,
        unit: "req/s",
        target: "",
      },
      { figure: "workers 2 / 1 process", value: two / one, unit: "×", target: "" },
    ];
  } finally {
    await mock.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

export default async function (): Promise<PerfRow[]> {
  return [...await mergeRows(), ...await workersRows()];
}
