/**
 * @module Trace replay benchmark: how late the client sends requests due at trace time, against
 * the mock in its own process (2,000 one-turn requests 2 ms apart on the trace clock, 16-token
 * answers), at speeds 1 and 2 (500 and 1,000 req/s due).
 */
import { PreparedSession } from "../../src/client/conversation.ts";
import { runReplay } from "../../src/client/run_replay.ts";
import type { TurnOutcome } from "../../src/client/turn.ts";
import { percentile } from "../../src/stats/distribution.ts";
import type { PerfRow } from "./row.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

async function startMock(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "src/cli/mock.ts",
      "--port",
      "0",
      "--preset",
      "zero",
      "--itl-ms",
      "1",
      "--max-running",
      "4096",
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
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
        stop: async () => {
          child.kill("SIGTERM");
          await child.status;
        },
      };
    }
  }
}

const trace = (n: number, gapMs: number) =>
  Array.from({ length: n }, (_, i) =>
    new PreparedSession({
      session_id: `t${i}`,
      user_messages: [`Request ${i} of the trace: a short prompt about prefix caches.`],
      turns: [{ timestamp_ms: i * gapMs, output_tokens: 16 }],
    }));

/** The lateness rows. */
export default async function replayBench(): Promise<PerfRow[]> {
  const mock = await startMock();
  const rows: PerfRow[] = [];
  try {
    for (const [speed, target] of [[1, 10], [2, null]] as const) {
      const waits: number[] = [];
      let failed = 0;
      await runReplay(
        {
          endpoint: `${mock.url}/v1/chat/completions`,
          model: "mock-model",
          maxOutputTokens: 16,
          timeoutMs: 60_000,
          round: 1,
          concurrency: null,
          requestRate: null,
          requestIdPrefix: `replay-${speed}`,
          exactOutput: "min_tokens+ignore_eos",
        },
        speed,
        {
          sessions: trace(2000, 2),
          limits: { maxContextTokens: 4096, maxOutputTokens: 16 },
          thinkTimeMs: 0,
          seed: 0,
          onDone: (o: TurnOutcome) => {
            if (!o.record.ok) failed++;
            waits.push(o.record.queue_wait_ms ?? 0);
          },
        },
      );
      waits.sort((a, b) => a - b);
      const p99 = percentile(waits, 99);
      const due = 500 * speed;
      rows.push({
        figure: `trace replay lateness p50, ${due} req/s due (n=${waits.length}, ${failed} failed)`,
        value: percentile(waits, 50),
        unit: "ms",
        target: "",
      });
      rows.push({
        figure: `trace replay lateness p99, ${due} req/s due`,
        value: p99,
        unit: "ms",
        target: target === null ? "" : `≤ ${target}`,
        pass: target === null ? undefined : p99 <= target,
      });
    }
  } finally {
    await mock.stop();
  }
  return rows;
}
