/** @module Shared helpers for dataset tests: fixture paths, temp folders, reading output lines. */

/** Absolute path of a fixture under tests/testdata/datasets/. */
export function fixture(name: string): string {
  return new URL(`../testdata/datasets/${name}`, import.meta.url).pathname;
}

/** Absolute path of a file under examples/. */
export function example(name: string): string {
  return new URL(`../../examples/${name}`, import.meta.url).pathname;
}

/** Runs `fn` with a fresh temporary folder, removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-datasets-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Parses every line of a JSONL file. */
export async function readJsonl<T = Record<string, unknown>>(path: string): Promise<T[]> {
  const text = await Deno.readTextFile(path);
  return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as T);
}

/** Names of the entries in a folder, sorted. */
export async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  return names.sort();
}
