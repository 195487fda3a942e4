/** @module `deno task bench` as a plain function: optional in-process mock, the sweep, the table. */
import { join } from "node:path";
import { UserError } from "../util/errors.ts";
import { parseFlags } from "../datasets/flags.ts";
import { SweepOptions, type SweepOptionsInput } from "./options.ts";
import { stderrProgress, type SweepProgress } from "./progress.ts";
import { runSweepMode, type SweepMode } from "../shard/sweep_modes.ts";
import { formatRunTable } from "./table.ts";

/** The command's inputs: sweep options plus where to write and the built-in mock. */
export type BenchArgs = Omit<SweepOptionsInput, "endpoint"> & {
  endpoint?: string;
  /** records.jsonl, summary.json and saved requests go here. */
  output_dir: string;
  /** Per-request debug logs go here (with `debug`). */
  debug_log_dir: string;
  /** Start the mock in this process and, without `endpoint`, benchmark it. */
  mock_server?: boolean;
  mock_host?: string;
  mock_port?: number;
  signal?: AbortSignal;
  progress?: SweepProgress;
  /** Where the results table goes (stdout by default). */
  print?: (text: string) => void;
  /** Local workers, one shard, or a resume (src/shard). */
  mode?: SweepMode;
};

/** The exit code of a sweep interrupted by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Runs the bench command: starts the mock when asked, runs the sweep into `output_dir`, prints
 * the results table, stops the mock.
 *
 * @returns the exit code: 0, or 130 when the sweep was interrupted
 * @throws {UserError} on a bad option, dataset, endpoint or cache reset
 * @example
 * ```ts
 * await bench({ dataset: "examples/example_dataset.json", mock_server: true, num_samples: 4,
 *   concurrency: [2], output_dir: "results/bench", debug_log_dir: "debug_logs" });
 * ```
 */
export async function bench(args: BenchArgs): Promise<number> {
  const { output_dir, debug_log_dir, mock_server, mock_host, mock_port, signal } = args;
  const { progress = stderrProgress(), print = console.log } = args;
  const { endpoint: given, ...sweepInput } = withoutCommandArgs(args);
  // Check every option before a mock is started, so a typo is one line and nothing else.
  parseFlags(SweepOptions, { ...sweepInput, endpoint: given ?? "http://127.0.0.1:1/" });
  const mock = mock_server
    ? await (await import("../../mock/server.ts")).startMockServer({
      host: mock_host ?? "127.0.0.1",
      port: mock_port ?? 0,
    })
    : null;
  try {
    if (mock) progress.log(`turnbench mock listening on ${mock.url}`);
    const endpoint = given ?? (mock ? `${mock.url}/v1/chat/completions` : undefined);
    if (endpoint === undefined) {
      throw new UserError(
        `Missing option "--endpoint": give a chat completions URL or --mock-server`,
      );
    }
    const options = parseFlags(SweepOptions, { ...sweepInput, endpoint });
    const { summary, notes, files } = await runSweepMode(options, args.mode ?? {}, {
      outDir: output_dir,
      requestsDir: output_dir,
      debugDir: debug_log_dir,
      signal,
      progress,
    });
    for (const note of notes) progress.log(note);
    print(formatRunTable(summary.runs));
    const failed = summary.runs.reduce((n, r) => n + r.requests.failed, 0);
    if (failed > 0 && summary.runs.every((r) => r.requests.ok === 0)) {
      const first = summary.runs.find((r) => r.requests.failed > 0)!;
      const kinds = Object.entries(first.errors).map(([k, n]) => `${k} ${n}`).join(", ");
      progress.log(`warning: every request failed (${kinds}); check --endpoint and --model`);
    }
    print(`results: ${join(output_dir, files.records)}, ${join(output_dir, files.summary)}`);
    return summary.complete ? 0 : INTERRUPTED_EXIT_CODE;
  } finally {
    await mock?.stop();
  }
}

/** The sweep options alone, without the command's own arguments. */
function withoutCommandArgs(args: BenchArgs): Omit<SweepOptionsInput, "endpoint"> & {
  endpoint?: string;
} {
  const {
    output_dir: _o,
    debug_log_dir: _d,
    mock_server: _m,
    mock_host: _h,
    mock_port: _p,
    signal: _s,
    progress: _g,
    print: _r,
    mode: _w,
    ...options
  } = args;
  return options;
}
