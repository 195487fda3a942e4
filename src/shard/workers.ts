/**
 * @module Local workers: N shard processes on one machine (a client with many cores), each a Deno
 * subprocess running shard i of N of the same sweep into the shared folder, merged at the end.
 * Ctrl-C (the signal) is passed on to every worker as SIGINT, so each keeps its finished records.
 */
import { join } from "node:path";
import type { SweepOptions } from "../client/options.ts";
import type { SweepProgress } from "../client/progress.ts";
import { writeJsonFile } from "../io/json_file.ts";
import { splitLines } from "../io/lines.ts";
import { UserError } from "../util/errors.ts";
import { SHARDS_DIR } from "./layout.ts";
import { type MergeResult, mergeShards } from "./merge.ts";

/** The worker command (a plain command, not an import: the workers are separate processes). */
export const WORKER_MODULE = new URL("../cli/sweep_shard.ts", import.meta.url).pathname;

/** The options file every worker reads, inside `<dir>/shards/`. */
export const WORKER_OPTIONS_FILE = "options.json";

/** How to run the workers. */
export interface LocalWorkers {
  workers: number;
  /** The shared folder: shards under `<dir>/shards/`, the merge in `<dir>`. */
  dir: string;
  /** Each worker resumes its shard's earlier attempt. */
  resume: boolean;
  marginMs?: number;
  signal?: AbortSignal;
  progress: SweepProgress;
}

/**
 * Runs `workers` shard processes of the sweep and merges them into `<dir>/records.jsonl` and
 * `<dir>/summary.json`. The API key reaches the workers through their environment, never a file.
 *
 * @returns the merge (its summary is incomplete when a worker failed or was interrupted)
 * @throws {UserError} when a worker could not start
 * @example
 * ```ts
 * const { summary } = await runLocalWorkers(options, { workers: 2, dir: "out", resume: false, progress });
 * ```
 */
export async function runLocalWorkers(o: SweepOptions, w: LocalWorkers): Promise<MergeResult> {
  const shardsDir = join(w.dir, SHARDS_DIR);
  await Deno.mkdir(shardsDir, { recursive: true });
  const { api_key, ...shown } = o;
  const optionsFile = join(shardsDir, WORKER_OPTIONS_FILE);
  await writeJsonFile(optionsFile, shown);
  const syncId = `local-${Date.now()}-${crypto.randomUUID().slice(0, 8)}`;
  const env: Record<string, string> = api_key ? { TURNBENCH_API_KEY: api_key } : {};
  const children = Array.from({ length: w.workers }, (_, index) => {
    const args = [
      "run",
      "-A",
      WORKER_MODULE,
      "--options",
      optionsFile,
      "--dir",
      w.dir,
      "--shard-index",
      String(index),
      "--shard-count",
      String(w.workers),
      "--sync-id",
      syncId,
      "--margin-ms",
      String(w.marginMs ?? 200),
      ...(w.resume ? ["--resume"] : []),
    ];
    try {
      return new Deno.Command(Deno.execPath(), {
        args,
        env,
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).spawn();
    } catch (error) {
      throw new UserError(`Cannot start worker ${index}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  });
  const onAbort = () => {
    for (const c of children) {
      try {
        c.kill("SIGINT");
      } catch { /* already gone */ }
    }
  };
  w.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const codes = await Promise.all(children.map(async (child, index) => {
      for await (const { text } of splitLines(child.stderr, `worker ${index}`)) {
        if (text.trim() !== "") w.progress.log(`[shard ${index}/${w.workers}] ${text}`);
      }
      return (await child.status).code;
    }));
    codes.forEach((code, index) => {
      if (code !== 0) w.progress.log(`worker ${index} exited with code ${code}`);
    });
  } finally {
    w.signal?.removeEventListener("abort", onAbort);
  }
  return await mergeShards(w.dir, { count: w.workers });
}
