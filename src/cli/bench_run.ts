/**
 * @module `deno task bench` as a plain function: checks the options, starts the built-in mock
 * when asked (the session runner itself works against any endpoint), runs the sweep, prints the
 * table and decides the exit code.
 */
import { join } from "node:path";
import { SweepOptions, type SweepOptionsInput } from "../client/options.ts";
import { type SweepProgress, sweepProgress } from "../client/progress.ts";
import { everyRequestFailed } from "../client/sweep_failure.ts";
import { notCold } from "../client/cold_check.ts";
import { formatRunTable } from "../client/table.ts";
import { runSweepMode, type SweepMode } from "../shard/sweep_modes.ts";
import { UserError } from "../util/errors.ts";
import { SILENT } from "../util/progress.ts";
import { BAD_FLAG_EXIT_CODE, badFlag, parseFlagValues } from "./flags.ts";
import { benchCapacity } from "./bench_slo.ts";

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
  /** Where progress goes; default nowhere (the command passes its stderr's). */
  progress?: SweepProgress;
  /** Where the results table goes (stdout by default). */
  print?: (text: string) => void;
  /** Local workers, one shard, or a resume (`src/shard`). */
  mode?: SweepMode;
  /** `--capacity`: the search's parameters (`load`, `min`, `max`, …); a search instead of a sweep. */
  capacity?: Record<string, unknown>;
};

/** The exit code of a sweep interrupted by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

/** Sweep options whose flag is not the option's name in kebab case. */
const FLAG_NAMES = {
  request_rates: "--request-rate",
  request_timeout_s: "--request-timeout",
  think_time_ms: "--think-time",
  pause_between_runs_s: "--pause-between-runs",
  think_time: "--think-time",
  duration_s: "--duration",
  ramp_s: "--ramp",
  replay: "--replay-speed",
};

/** Stands in for the mock's URL while the options are checked before the mock starts. */
const PLACEHOLDER_ENDPOINT = "http://127.0.0.1:1/v1/chat/completions";

/**
 * Runs the bench command: checks every option (before a mock is started, so a typo is one line
 * and nothing else), starts the mock when asked, runs the sweep into `output_dir`, prints the
 * results table, stops the mock.
 *
 * @returns the exit code: 0, or 130 when the sweep was interrupted
 * @throws {UserError} exit code 2 on a bad option or a missing endpoint; 1 on a bad dataset, an
 *   unreachable model list, a failed cache reset, or a sweep in which every request failed (the
 *   table and the files are written first)
 * @example
 * ```ts
 * await bench({ dataset: "examples/example_dataset.json", mock_server: true, num_samples: 4,
 *   concurrency: [2], output_dir: "results/bench", debug_log_dir: "debug_logs" });
 * ```
 */
export async function bench(args: BenchArgs): Promise<number> {
  const { output_dir, debug_log_dir, mock_server, signal } = args;
  const { progress = sweepProgress(SILENT), print = console.log } = args;
  const { endpoint: given, ...sweepInput } = sweepInputOf(args);
  if (args.capacity) return await capacityMode(args); // issue 13
  parseFlagValues(
    SweepOptions,
    { ...sweepInput, endpoint: given ?? PLACEHOLDER_ENDPOINT },
    FLAG_NAMES,
  );
  if (given === undefined && !mock_server) {
    throw new UserError(
      `Cannot run without --endpoint: give a chat completions URL or --mock-server`,
      {
        exitCode: BAD_FLAG_EXIT_CODE,
      },
    );
  }
  const mock = mock_server ? await startMock(args) : null;
  try {
    if (mock) progress.log(`turnbench mock listening on ${mock.url}`);
    const endpoint = given ?? `${mock?.url}/v1/chat/completions`;
    const options = parseFlagValues(SweepOptions, { ...sweepInput, endpoint }, FLAG_NAMES);
    const { summary, notes, files } = await runSweepMode(options, args.mode ?? {}, {
      outDir: output_dir,
      requestsDir: output_dir,
      debugDir: debug_log_dir,
      signal,
      progress,
    });
    for (const note of notes) progress.log(note);
    print(formatRunTable(summary.runs));
    print(`results: ${join(output_dir, files.records)}, ${join(output_dir, files.summary)}`);
    if (!summary.complete) return INTERRUPTED_EXIT_CODE;
    const failure = everyRequestFailed(summary);
    if (failure) throw new UserError(failure);
    const warm = notCold(summary);
    if (warm) throw new UserError(warm);
    return 0;
  } finally {
    await mock?.stop();
  }
}

function startMock(args: BenchArgs) {
  return import("../../mock/server.ts").then((m) =>
    m.startMockServer({ host: args.mock_host ?? "127.0.0.1", port: args.mock_port ?? 0 })
  );
}

/** `--capacity`: a search over one load unit instead of a sweep over levels and rounds. */
function capacityMode(args: BenchArgs): Promise<number> {
  const {
    concurrency,
    request_rates,
    users,
    rounds: _rounds,
    duration_s: _duration,
    reset_cache_between_rounds: _between,
    replay,
    repeat, // issue 15: a search repeats itself (--capacity-trials)
    ...sweep
  } = sweepInputOf(args);
  if (Number(repeat ?? 1) > 1) {
    throw badFlag("--repeat", repeat, "a capacity search repeats itself: use --capacity-trials");
  }
  const given = Object.entries({ concurrency, request_rates, users, replay }).find((
    [k, v],
  ) => (Array.isArray(v) && v.length > 0) || (k === "replay" && v !== undefined));
  if (given) {
    const flag = {
      concurrency: "--concurrency",
      request_rates: "--request-rate",
      users: "--users",
      replay: "--replay-speed",
    };
    throw badFlag(
      flag[given[0] as keyof typeof flag],
      given[1],
      "the capacity search sets the load itself: leave it out with --capacity",
    );
  }
  return benchCapacity({
    options: { ...sweep, ...args.capacity },
    output_dir: args.output_dir,
    debug_log_dir: args.debug_log_dir,
    signal: args.signal,
    progress: args.progress,
    print: args.print,
    mock: args.mock_server
      ? async () => {
        const m = await startMock(args);
        args.progress?.log(`turnbench mock listening on ${m.url}`);
        return m;
      }
      : undefined,
  });
}

/** The sweep options alone, without the command's own arguments. */
function sweepInputOf(args: BenchArgs): Omit<SweepOptionsInput, "endpoint"> & {
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
    capacity: _c,
    ...options
  } = args;
  return options;
}
