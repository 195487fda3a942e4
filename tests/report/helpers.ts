/** @module Shared helpers of the report tests: fixture paths, temp folders, golden files. */
import { fileURLToPath as fromFileUrl } from "node:url";
import assert from "node:assert/strict";

/** The report fixtures folder (tests/testdata/report). */
export const TESTDATA = fromFileUrl(new URL("../testdata/report/", import.meta.url));
/** A complete 2-round × 2-concurrency sweep. */
export const RESULTS = `${TESTDATA}results`;
/** The same sweep on a server with 15% faster prefill (the current sweep regresses against it). */
export const BASELINE = `${TESTDATA}baseline`;
/** A sweep interrupted in its third run, with a cut-off last record line. */
export const PARTIAL = `${TESTDATA}partial`;

/** Runs `fn` with a fresh temp folder, removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-report-test-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Copies a fixture folder's files into `dir`. */
export async function copyFixture(from: string, dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isFile) await Deno.copyFile(`${from}/${e.name}`, `${dir}/${e.name}`);
  }
}

/**
 * Whether golden files are to be rewritten rather than compared: `UPDATE=1`. Refused (throws)
 * when `CI` is set, so a CI run can never pass by rewriting what it should compare.
 *
 * @throws {Error} with `UPDATE=1` and `CI` set (to anything but "", "0" or "false")
 */
export function updatingGoldens(
  env: { get(name: string): string | undefined } = Deno.env,
): boolean {
  if (env.get("UPDATE") !== "1") return false;
  const ci = env.get("CI") ?? "";
  if (!["", "0", "false"].includes(ci)) {
    throw new Error(`Cannot rewrite golden files in CI (CI="${ci}"): unset UPDATE`);
  }
  return true;
}

/**
 * Compares text with a golden file in tests/testdata/report/golden/; with `UPDATE=1` in the
 * environment (outside CI), rewrites the golden file instead.
 */
export async function assertGolden(name: string, actual: string): Promise<void> {
  const path = `${TESTDATA}golden/${name}`;
  if (updatingGoldens()) {
    await Deno.writeTextFile(path, actual);
    return;
  }
  const expected = await Deno.readTextFile(path);
  assert.equal(actual, expected, `${name} differs from its golden file (UPDATE=1 to rewrite)`);
}
