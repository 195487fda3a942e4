/** @module Helpers of the shard tests: a generated dataset, a mock on 127.0.0.1, file readers. */
import { join } from "node:path";
import type { SweepProgress } from "../../src/client/progress.ts";
import { RequestRecord } from "../../src/results/record.ts";
import { SweepSummary } from "../../src/results/summary.ts";
import { type MockServer, startMockServer } from "../../mock/server.ts";

/** The repository root (for spawning its commands). */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** Writes `n` sessions of 1–3 turns (ids `s0`, `s1`, …) and returns the file's path. */
export async function writeDataset(dir: string, n = 24): Promise<string> {
  const path = join(dir, "sessions.jsonl");
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      session_id: `s${i}`,
      user_messages: Array.from({ length: 1 + (i % 3) }, (_, t) => `question ${t} of session ${i}`),
      source: "test",
    }));
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
  return path;
}

/** Starts the mock (`fast` preset unless told) on 127.0.0.1, port 0. */
export function startMock(preset = "fast"): Promise<MockServer> {
  return startMockServer({ host: "127.0.0.1", port: 0, preset });
}

/** A progress sink that keeps its log lines. */
export function quietProgress(logs: string[] = []): SweepProgress {
  return { runStart() {}, update() {}, runEnd() {}, log: (m) => void logs.push(m) };
}

/** Every record of a records.jsonl, validated. */
export async function readRecords(path: string): Promise<RequestRecord[]> {
  const text = await Deno.readTextFile(path);
  return text.split("\n").filter((l) => l.trim() !== "").map((l) =>
    RequestRecord.parse(JSON.parse(l))
  );
}

/** A summary.json, validated. */
export async function readSummary(path: string): Promise<SweepSummary> {
  return SweepSummary.parse(JSON.parse(await Deno.readTextFile(path)));
}

/** A fresh temporary folder, removed by the returned disposer. */
export async function tempDir(prefix: string): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ prefix: `turnbench-${prefix}-` });
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }).catch(() => {}),
  };
}
