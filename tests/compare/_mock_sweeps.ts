/**
 * @module Sweeps against in-process mocks on 127.0.0.1 (port 0), for the compare tests: a
 * generated sessions file, one mock per configuration, the sweeps run side by side (as an A/B
 * pipeline runs them), results in a temp folder.
 */
import { join } from "node:path";
import { SweepOptions, type SweepOptionsInput } from "../../src/client/options.ts";
import type { SweepProgress } from "../../src/client/progress.ts";
import { runSweep } from "../../src/client/sweep.ts";
import type { MockConfigInput } from "../../mock/config.ts";
import { startMockServer } from "../../mock/server.ts";

const quiet: SweepProgress = { runStart() {}, update() {}, runEnd() {}, log() {} };

/** Writes `sessions` sessions of `turns` short user messages as JSONL; returns the path. */
export async function writeSessions(dir: string, sessions: number, turns: number): Promise<string> {
  const path = join(dir, "sessions.jsonl");
  const lines = Array.from({ length: sessions }, (_, s) =>
    JSON.stringify({
      session_id: `s${String(s).padStart(3, "0")}`,
      user_messages: Array.from(
        { length: turns },
        (_, t) =>
          `Question ${t + 1} of session ${s}: ${"tell me more about caching ".repeat(1 + (s % 5))}`,
      ),
    }));
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
  return path;
}

/** What {@link sweepMocks} runs. */
export interface MockSweeps {
  /** One mock configuration per sweep (over the `fast` preset). */
  mocks: MockConfigInput[];
  sessions?: number;
  turns?: number;
  /** Sweep options over the defaults (concurrency 4, one round, 16 output tokens). */
  sweep?: Partial<SweepOptionsInput>;
}

/**
 * Starts one mock per configuration, sweeps each (side by side), stops the mocks, and returns the
 * results folders inside `dir`.
 */
export async function sweepMocks(dir: string, o: MockSweeps): Promise<string[]> {
  const dataset = await writeSessions(dir, o.sessions ?? 16, o.turns ?? 3);
  const servers = await Promise.all(
    o.mocks.map((config) => startMockServer({ preset: "fast", config })),
  );
  try {
    const dirs = servers.map((_, i) => join(dir, `sweep-${i}`));
    await Promise.all(servers.map((s, i) =>
      runSweep(
        SweepOptions.parse({
          dataset,
          endpoint: `${s.url}/v1/chat/completions`,
          reset_cache_url: `${s.url}/reset`,
          concurrency: [4],
          rounds: 1,
          max_output_tokens: 16,
          seed: 1,
          ...o.sweep,
        }),
        { outDir: dirs[i], progress: quiet },
      )
    ));
    return dirs;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
