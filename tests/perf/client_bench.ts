/** @module Client benchmarks: TTFT timing fidelity against the mock's own clock, and client CPU cost. */
import process from "node:process";
import { join } from "node:path";
import { SweepOptions } from "../../src/client/options.ts";
import { runSweep } from "../../src/client/sweep.ts";
import { PreparedSession } from "../../src/client/conversation.ts";
import { runLoad } from "../../src/client/run.ts";
import type { TurnOutcome } from "../../src/client/turn.ts";
import type { RequestRecord } from "../../src/results/record.ts";
import { percentile } from "../../src/stats/distribution.ts";
import type { PerfRow } from "./row.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

interface MockProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts `deno run -A src/cli/mock.ts --port 0 …` and waits for its listening line. */
export async function startMock(flags: string[]): Promise<MockProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "src/cli/mock.ts", "--port", "0", ...flags],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = setTimeout(() => child.kill("SIGKILL"), 30_000);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`mock exited before listening: ${text}`);
      text += value;
      const m = text.match(/turnbench mock listening on (http:\/\/\S+)/);
      if (m) {
        reader.releaseLock();
        child.stdout.cancel().catch(() => {});
        return {
          url: m[1],
          async stop() {
            child.kill("SIGTERM");
            await child.status;
          },
        };
      }
    }
  } finally {
    clearTimeout(deadline);
  }
}

const WORDS = "cache prefix token latency stream server model batch prompt answer".split(" ");

/** `n` sessions of `turns` questions of about 40 words each, distinct per session. */
function sessions(n: number, turns: number): PreparedSession[] {
  return Array.from({ length: n }, (_, s) =>
    new PreparedSession({
      session_id: `perf-${s}`,
      user_messages: Array.from({ length: turns }, (_, t) =>
        `Session ${s} turn ${t}: ` +
        Array.from({ length: 40 }, (_, w) => WORDS[(s * 7 + t * 3 + w) % WORDS.length]).join(" ")),
    }));
}

/** Replays sessions at `inFlight` concurrency against the mock; returns the records. */
async function drive(url: string, inFlight: number, list: PreparedSession[]) {
  const records: RequestRecord[] = [];
  await runLoad({
    endpoint: `${url}/v1/chat/completions`,
    model: "mock-model",
    maxOutputTokens: 256,
    timeoutMs: 60_000,
    round: 1,
    concurrency: inFlight,
    requestRate: null,
    requestIdPrefix: `perf-${inFlight}-${crypto.randomUUID().slice(0, 6)}`,
  }, {
    sessions: list,
    limits: { maxContextTokens: 8192, maxOutputTokens: 256 },
    thinkTimeMs: 0,
    seed: 0,
    onDone: (o: TurnOutcome) => void records.push(o.record),
  });
  return records;
}

const FIDELITY_TARGETS: [inFlight: number, targetMs: number | null][] = [
  [4, 2],
  [16, 5],
  [32, 10],
  [64, null],
  [256, 20],
];

/** TTFT error = client first-content arrival − mock first_content_at, matched by x-request-id. */
async function timingFidelity(): Promise<PerfRow[]> {
  const mock = await startMock([
    "--preset",
    "zero",
    "--ttft-ms",
    "20",
    "--itl-ms",
    "10",
    "--output-dist",
    "fixed",
    "--output-tokens",
    "32",
    "--output-max",
    "32",
    "--max-running",
    "1024",
  ]);
  const rows: PerfRow[] = [];
  try {
    await drive(mock.url, 4, sessions(4, 2)); // warm up connections and the JIT
    for (const [inFlight, target] of FIDELITY_TARGETS) {
      await fetch(`${mock.url}/mock/timings`, { method: "DELETE" }).then((r) => r.body?.cancel());
      const turns = 4;
      const count = Math.max(inFlight * 2, Math.ceil(240 / turns)); // ≥ 240 requests
      const records = await drive(mock.url, inFlight, sessions(count, turns));
      const timings: { id: string; first_content_at: number | null }[] =
        await (await fetch(`${mock.url}/mock/timings`)).json();
      const byId = new Map(timings.map((t) => [t.id, t.first_content_at]));
      const errors = records.flatMap((r) => {
        const mockAt = byId.get(r.request_id ?? "");
        return r.ok && r.ttft_ms !== null && mockAt ? [r.started_at + r.ttft_ms - mockAt] : [];
      }).sort((a, b) => a - b);
      if (errors.length < records.length * 0.95) {
        throw new Error(`only ${errors.length} of ${records.length} requests matched mock timings`);
      }
      const p99 = percentile(errors, 99);
      rows.push({
        figure: `TTFT timing error p99, ${inFlight} in flight (n=${errors.length})`,
        value: p99,
        unit: "ms",
        target: target === null ? "" : `≤ ${target}`,
        pass: target === null ? undefined : p99 <= target,
      });
      rows.push({
        figure: `TTFT timing error p50 / max, ${inFlight} in flight`,
        value: percentile(errors, 50),
        unit: `ms (max ${errors.at(-1)!.toFixed(2)})`,
        target: "",
      });
    }
  } finally {
    await mock.stop();
  }
  return rows;
}

/**
 * CPU seconds of this process per 1,000 streamed 64-token requests against a zero-latency mock,
 * through the whole sweep (dataset read and token counting, records.jsonl, summary.json).
 */
async function clientCost(): Promise<PerfRow[]> {
  const mock = await startMock([
    "--preset",
    "zero",
    "--output-dist",
    "fixed",
    "--output-tokens",
    "64",
    "--output-max",
    "64",
  ]);
  const dir = await Deno.makeTempDir({ prefix: "turnbench-perf-" });
  try {
    await drive(mock.url, 64, sessions(64, 2)); // warm-up
    const dataset = join(dir, "sessions.jsonl");
    await Deno.writeTextFile(
      dataset,
      sessions(500, 4).map((p) => JSON.stringify(p.session)).join("\n") + "\n",
    );
    const options = SweepOptions.parse({
      dataset,
      endpoint: `${mock.url}/v1/chat/completions`,
      model: "mock-model",
      concurrency: [64],
      rounds: 1,
      max_context_tokens: 8192,
      max_output_tokens: 256,
    });
    const quiet = { runStart() {}, update() {}, runEnd() {}, log() {} };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await runSweep(options, { outDir: join(dir, "out"), progress: quiet });
    const wallS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const run = summary.runs[0];
    if (run.requests.ok !== 2000 || run.tokens.output !== 2000 * 64) {
      throw new Error(`expected 2000 ok 64-token answers, got ${JSON.stringify(run.requests)}`);
    }
    const perThousand = ((cpu.user + cpu.system) / 1e6) * (1000 / run.requests.total);
    return [
      {
        figure: `client CPU per 1,000 streamed 64-token requests (whole sweep, n=2000)`,
        value: perThousand,
        unit: "s",
        target: "≤ 0.7",
        pass: perThousand <= 0.7,
      },
      {
        figure: "peak requests/s at 64 in flight (zero-latency mock)",
        value: run.throughput.requests_per_s,
        unit: "req/s",
        target: "",
      },
      {
        figure: "sweep wall time for those 2,000 requests",
        value: wallS,
        unit: "s",
        target: "",
      },
    ];
  } finally {
    await mock.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs the client benchmarks. */
export default async function (): Promise<PerfRow[]> {
  return [...await clientCost(), ...await timingFidelity()];
}
