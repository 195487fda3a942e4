/**
 * @module `deno task bench`'s issue-13 flags (`--slo`, `--users`, `--think-time` shapes,
 * `--duration`, `--ramp`, `--capacity …`) and its capacity mode: flag values → options, and
 * the search run with the built-in mock when asked.
 */
import { type Command, InvalidArgumentError } from "commander";
import { join } from "node:path";
import { CapacityOptions } from "../capacity/options.ts";
import { runCapacity } from "../capacity/run_capacity.ts";
import { type SweepProgress, sweepProgress } from "../client/progress.ts";
import { everyRequestFailed } from "../client/sweep_failure.ts";
import { formatRunTable } from "../client/table.ts";
import { RECORDS_FILE, SUMMARY_FILE } from "../results/layout.ts";
import { sloFromFlags } from "../slo/flags.ts";
import { parseSlo } from "../slo/spec.ts";
import { type ThinkTime, thinkTimeFromFlag } from "../slo/think_time.ts";
import { UserError } from "../util/errors.ts";
import { SILENT } from "../util/progress.ts";
import {
  BAD_FLAG_EXIT_CODE,
  choiceFlag,
  countFlag,
  intFlag,
  listOf,
  numberFlag,
  parseFlagValues,
  repeatable,
} from "./flags.ts";

/** `--think-time`: a plain number of ms (as before), or a distribution (`exp:3000`). */
export function thinkTimeFlag(value: string): number | ThinkTime {
  if (/^\s*-?[0-9.]+\s*$/.test(value)) return numberFlag(value);
  try {
    return thinkTimeFromFlag(value);
  } catch (error) {
    const detail = (error as Error).message.replace(/^Cannot parse --think-time "[^"]*": /, "");
    throw new InvalidArgumentError(detail);
  }
}

/** Adds the flags to the bench command. */
export function addSloFlags(program: Command): Command {
  return program
    .option("--slo <target>", "SLO target, repeatable: ttft_followup:p95<=500, itl<=50", repeatable)
    .option("--slo-percentile <p>", "default percentile of the --slo targets (95)", numberFlag)
    .option(
      "--users <n...>",
      "concurrent conversations with think time, one run per level",
      listOf(intFlag),
    )
    .option(
      "--duration <s>",
      "users mode: run length in s, replaying the sample (default: one pass)",
      numberFlag,
    )
    .option("--ramp <s>", "users mode: start the users evenly over this long", numberFlag)
    .option(
      "--capacity <load>",
      "search the capacity in users, concurrency or request_rate",
      choiceFlag(["users", "concurrency", "request_rate"]),
    )
    .option("--capacity-min <n>", "lowest load searched (1)", numberFlag)
    .option("--capacity-max <n>", "highest load searched (required with --capacity)", numberFlag)
    .option("--capacity-start <n>", "first load probed (default: min)", numberFlag)
    .option("--capacity-trials <n>", "repeated searches for the 95% interval (3)", intFlag)
    .option("--capacity-budget <s>", "time budget of the whole search", numberFlag)
    .option("--capacity-max-probes <n>", "probes at most, trials included", countFlag)
    .option("--probe <s>", "length of one probe in users mode (60)", numberFlag);
}

/** The options the flags set, keyed as the sweep and capacity schemas are. */
export function sloFlagValues(f: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const slo = f.slo as string[] | undefined;
  if (slo?.length || f.sloPercentile !== undefined) {
    const block = sloFromFlags(slo ?? [], f.sloPercentile as number | undefined);
    parseSlo(block); // one line naming the field, before anything runs
    out.slo = block;
  }
  const think = f.thinkTime as number | ThinkTime | undefined;
  if (typeof think === "number") out.think_time_ms = think;
  else if (think !== undefined) out.think_time = think;
  out.users = f.users;
  out.duration_s = f.duration;
  out.ramp_s = f.ramp;
  return out;
}

/** The search's flags, or undefined without `--capacity`. */
export function capacityFlagValues(
  f: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (f.capacity === undefined) return undefined;
  return {
    load: f.capacity,
    min: f.capacityMin,
    max: f.capacityMax,
    start: f.capacityStart,
    trials: f.capacityTrials,
    budget_s: f.capacityBudget,
    max_probes: f.capacityMaxProbes,
    probe_s: f.probe,
  };
}

/** Option names whose flag is not the name in kebab case. */
export const CAPACITY_FLAG_NAMES: Record<string, string> = {
  load: "--capacity",
  min: "--capacity-min",
  max: "--capacity-max",
  start: "--capacity-start",
  trials: "--capacity-trials",
  budget_s: "--capacity-budget",
  max_probes: "--capacity-max-probes",
  probe_s: "--probe",
  duration_s: "--duration",
  ramp_s: "--ramp",
  think_time: "--think-time",
  think_time_ms: "--think-time",
  request_timeout_s: "--request-timeout",
  pause_between_runs_s: "--pause-between-runs",
};

/** What the capacity mode of bench takes. */
export interface BenchCapacityArgs {
  /** Every option, keyed as {@linkcode CapacityOptions}; `endpoint` may wait for the mock. */
  options: Record<string, unknown>;
  output_dir: string;
  debug_log_dir: string;
  mock?: () => Promise<{ url: string; stop(): Promise<void> } | null>;
  signal?: AbortSignal;
  progress?: SweepProgress;
  print?: (text: string) => void;
}

/**
 * `bench --capacity`: checks the options (before a mock starts), runs the search, prints the
 * probes' table and the headline. A server that fails the SLO at the lowest load is a result
 * (exit 0, the headline says so); every request failing is a failed run (exit 1).
 *
 * @returns 0, or 130 when interrupted
 * @throws {UserError} exit 2 on a bad flag (an SLO with no target, a range that cannot bracket)
 */
export async function benchCapacity(a: BenchCapacityArgs): Promise<number> {
  const { progress = sweepProgress(SILENT), print = console.log } = a;
  const placeholder = "http://127.0.0.1:1/v1/chat/completions";
  const given = Object.fromEntries(Object.entries(a.options).filter(([, v]) => v !== undefined));
  if (given.slo === undefined) {
    throw new UserError(
      `Cannot use --capacity without --slo: the capacity is stated under an SLO`,
      {
        exitCode: BAD_FLAG_EXIT_CODE,
      },
    );
  }
  parseFlagValues(CapacityOptions, { endpoint: placeholder, ...given }, CAPACITY_FLAG_NAMES);
  const mock = await a.mock?.() ?? null;
  try {
    const endpoint = a.options.endpoint ?? `${mock?.url}/v1/chat/completions`;
    const options = parseFlagValues(
      CapacityOptions,
      { ...a.options, endpoint },
      CAPACITY_FLAG_NAMES,
    );
    const summary = await runCapacity(options, {
      outDir: a.output_dir,
      requestsDir: a.output_dir,
      debugDir: a.debug_log_dir,
      signal: a.signal,
      progress,
    });
    print(formatRunTable(summary.runs));
    if (summary.capacity) print(summary.capacity.headline);
    print(`results: ${join(a.output_dir, RECORDS_FILE)}, ${join(a.output_dir, SUMMARY_FILE)}`);
    if (!summary.complete) return 130;
    const failure = everyRequestFailed(summary);
    if (failure) throw new UserError(failure);
    return 0;
  } finally {
    await mock?.stop();
  }
}
