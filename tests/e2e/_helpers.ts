/** @module Helpers for the end-to-end tests: real CLIs as bounded subprocesses, temp dirs, polling. */
import assert from "node:assert/strict";
import { join } from "node:path";

/** The repository root: every CLI runs from here, as a user would. */
export const REPO = new URL("../../", import.meta.url).pathname;

/** A pipeline fixture of this suite, relative to the repo root. */
export const fixture = (name: string): string => `tests/testdata/e2e/${name}`;

/** What a finished (or killed) subprocess left behind. */
export interface CliResult {
  code: number;
  signal: Deno.Signal | null;
  stdout: string;
  stderr: string;
}

/** A running CLI subprocess with its output collected as it comes. */
export interface RunningCli {
  child: Deno.ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Waits for exit; past `timeoutMs` the process is killed with SIGKILL and this throws. */
  finish(timeoutMs: number): Promise<CliResult>;
}

async function collect(stream: ReadableStream<Uint8Array>, sink: string[]): Promise<void> {
  const dec = new TextDecoder();
  for await (const chunk of stream) sink.push(dec.decode(chunk, { stream: true }));
}

/**
 * Starts `deno run -A <script> …args` from the repo root with piped output, with `env` added to
 * this process's environment.
 *
 * @example
 * ```ts
 * const run = spawnCli("src/cli/pipeline.ts", ["pipelines/smoke.yaml"]);
 * const r = await run.finish(30_000);
 * ```
 */
export function spawnCli(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): RunningCli {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    cwd: REPO,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).spawn();
  const out: string[] = [];
  const err: string[] = [];
  const reading = Promise.all([collect(child.stdout, out), collect(child.stderr, err)]);
  return {
    child,
    stdout: () => out.join(""),
    stderr: () => err.join(""),
    async finish(timeoutMs) {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          child.kill("SIGKILL");
        } catch { /* already gone */ }
      }, timeoutMs);
      const status = await child.status;
      clearTimeout(timer);
      await reading;
      const result = {
        code: status.code,
        signal: status.signal,
        stdout: out.join(""),
        stderr: err.join(""),
      };
      if (timedOut) {
        throw new Error(
          `${script} ${args.join(" ")} hung: killed after ${timeoutMs} ms\n${result.stderr}`,
        );
      }
      return result;
    },
  };
}

/** Runs a CLI to completion, killing it (and failing) past `timeoutMs`. */
export function runCli(script: string, args: string[], timeoutMs = 30_000): Promise<CliResult> {
  return spawnCli(script, args).finish(timeoutMs);
}

/** A temp folder with the three folders a pipeline run writes to. */
export interface Dirs {
  root: string;
  cache: string;
  results: string;
  runs: string;
}

/** The `--cache-dir/--results-dir/--runs-dir` flags for `dirs`. */
export function dirFlags(d: Dirs): string[] {
  return ["--cache-dir", d.cache, "--results-dir", d.results, "--runs-dir", d.runs];
}

/** Runs `deno run -A src/cli/pipeline.ts <file> …` on the given dirs. */
export function runPipelineCli(
  file: string,
  d: Dirs,
  extra: string[] = [],
  timeoutMs = 40_000,
): Promise<CliResult> {
  return runCli("src/cli/pipeline.ts", [file, ...dirFlags(d), ...extra], timeoutMs);
}

/** Runs `fn` with fresh temp dirs, removed afterwards whatever happens. */
export async function withDirs(fn: (d: Dirs) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "turnbench-e2e-" });
  try {
    await fn({
      root,
      cache: join(root, "cache"),
      results: join(root, "results"),
      runs: join(root, "runs"),
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** Polls `check` every `intervalMs` until it returns a value (not undefined/false) or time runs out. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Fails when text holds a stack trace line (`    at …`). */
export function assertNoStack(text: string): void {
  assert.doesNotMatch(text, /^\s+at /m, `stack trace in output:\n${text}`);
}

/** The standalone mock (`src/cli/mock.ts`) running as a subprocess. */
export interface MockCli {
  url: string;
  port: number;
  /** SIGINT, then waits for a clean exit (fails the test past the timeout). */
  stop(): Promise<CliResult>;
}

/** Starts `src/cli/mock.ts --port 0 …flags` and waits for its listening line. */
export async function startMockCli(flags: string[]): Promise<MockCli> {
  const run = spawnCli("src/cli/mock.ts", ["--port", "0", ...flags]);
  let url: string;
  try {
    url = await waitFor("the mock's listening line", () => {
      if (run.stderr().includes("error:")) throw new Error(run.stderr());
      return run.stdout().match(/listening on (http:\/\/\S+)/)?.[1];
    }, 20_000);
  } catch (error) {
    run.child.kill("SIGKILL");
    await run.finish(10_000).catch(() => {});
    throw error;
  }
  return {
    url,
    port: Number(new URL(url).port),
    stop() {
      try {
        run.child.kill("SIGINT");
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        // Already gone: the result says how (its exit code and stderr), for the test to report.
      }
      return run.finish(10_000);
    },
  };
}

/**
 * Starts a CLI and waits for `check` (see `waitFor`) while it runs; when the wait fails the process
 * is killed, so a test never leaves one behind.
 *
 * @returns the running process, its pending result (`finish(timeoutMs)`) and what `check` returned
 */
export async function spawnUntil<T>(
  script: string,
  args: string[],
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 40_000,
): Promise<{ run: RunningCli; finished: Promise<CliResult>; value: T }> {
  const run = spawnCli(script, args);
  const finished = run.finish(timeoutMs);
  finished.catch(() => {});
  try {
    return { run, finished, value: await waitFor(what, check, timeoutMs) };
  } catch (error) {
    run.child.kill("SIGKILL");
    await finished.catch(() => {});
    throw new Error(`${(error as Error).message}\n${run.stderr()}`);
  }
}
