/** @module Shared helpers for the pipeline engine's tests: temp folders and in-process runs. */
import { join } from "node:path";
import { runPipeline, type RunPipelineOptions, type RunReport } from "../../src/pipeline/mod.ts";
import type { Task } from "../../src/pipeline/task.ts";
import { TEST_TASKS } from "./test_tasks.ts";

/** A temp folder holding a pipeline file and its cache, results and runs folders. */
export interface Sandbox {
  dir: string;
  /** Everything written to the run's stderr. */
  output: string[];
  /** Writes `name` (default `p.yaml`) with the given YAML. */
  write(yaml: string, name?: string): Promise<string>;
  /** Runs the pipeline file in the sandbox with the test registry. */
  run(opts?: Partial<RunPipelineOptions>): Promise<RunReport>;
}

/** Runs `fn` with a fresh sandbox, removed afterwards. */
export async function withSandbox(
  fn: (s: Sandbox) => Promise<void>,
  registry: Record<string, Task> = TEST_TASKS,
) {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-pipeline-" });
  const output: string[] = [];
  const sandbox: Sandbox = {
    dir,
    output,
    async write(yaml, name = "p.yaml") {
      await Deno.writeTextFile(join(dir, name), yaml);
      return name;
    },
    run(opts = {}) {
      return runPipeline({
        file: "p.yaml",
        registry,
        cwd: dir,
        env: {},
        reporter: { write: (t) => void output.push(t), tty: false },
        health: { tries: 50, intervalMs: 20 },
        ...opts,
      });
    },
  };
  try {
    await fn(sandbox);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Statuses of a report's stages, e.g. `{ a: "ran", b: "cached" }`. */
export function statuses(report: RunReport): Record<string, string> {
  return Object.fromEntries(Object.entries(report.stages).map(([k, v]) => [k, v.status]));
}

/**
 * Lists the entries in the sandbox cache. Throws when the cache root `.turnbench` is missing (a
 * wrong path), and when `cache/` is missing while an `.entry.json` lies anywhere else under the
 * root (a renamed folder), so "no entry" can never pass by looking in the wrong place.
 */
export async function cacheEntries(dir: string): Promise<string[]> {
  const root = join(dir, ".turnbench");
  const info = await Deno.stat(root).catch(() => null);
  if (!info?.isDirectory) throw new Error(`cacheEntries: no cache root at ${root}`);
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(join(root, "cache"))) out.push(e.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    const stray = await findEntryFiles(root);
    if (stray.length) throw new Error(`cacheEntries: no cache/ folder, but entries at ${stray}`);
  }
  return out.sort();
}

async function findEntryFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) found.push(...await findEntryFiles(path));
    else if (e.name === ".entry.json") found.push(path);
  }
  return found;
}
