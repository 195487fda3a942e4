/** @module Provenance for a sweep's summary: the dataset's digest and the git commit. */
import { createHash } from "node:crypto";
import type { SweepConfig, SweepSummary } from "../results/summary.ts";
import { VERSION } from "../version.ts";

/**
 * Returns the sha256 (hex) of a file's bytes, streamed.
 *
 * @example
 * ```ts
 * await fileSha256("examples/example_dataset.json"); // "9f86d0…"
 * ```
 */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  const file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

/** Returns `git rev-parse HEAD` of the folder holding this code, or null without git. */
export async function gitCommit(): Promise<string | null> {
  try {
    const out = await new Deno.Command("git", {
      args: ["rev-parse", "HEAD"],
      cwd: new URL("../..", import.meta.url).pathname,
      stdout: "piped",
      stderr: "null",
    }).output();
    const sha = new TextDecoder().decode(out.stdout).trim();
    return out.success && /^[0-9a-f]{40}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

/**
 * A new, incomplete sweep summary for `config`, stamped with this version and commit: what a
 * sweep and a capacity search write before their first run.
 *
 * @example
 * ```ts
 * const summary = await newSweepSummary(config);
 * ```
 */
export async function newSweepSummary(config: SweepConfig): Promise<SweepSummary> {
  const now = Date.now();
  return {
    format: 1,
    complete: false,
    started_at: now,
    ended_at: now,
    turnbench_version: VERSION,
    git_commit: await gitCommit(),
    config,
    runs: [],
  };
}
