/** @module `deno task merge a.jsonl b.jsonl --output all.jsonl`: one sessions file from many. */
import { Command } from "commander";
import { describeMerge } from "../datasets/describe_merge.ts";
import { intFlag, parseCommand, parseFlagValues } from "./flags.ts";
import { MergeParams, mergeSessions } from "../datasets/merge.ts";
import { runMain } from "./run_main.ts";

/** Turns `name=path` arguments into a record; plain paths stay a list. */
function inputsOf(args: string[]): string[] | Record<string, string> {
  const named = args.map((a) => /^([\w.-]+)=(.+)$/.exec(a));
  if (named.every((m) => m === null)) return args;
  return Object.fromEntries(args.map((a, i) => named[i] ? [named[i][1], named[i][2]] : [a, a]));
}

/**
 * Runs the command on `argv` (without the program name).
 *
 * @returns the exit code: 0 (a bad flag throws with code 2, a failed merge with 1)
 * @example
 * ```ts
 * await main(["sharegpt=sg.jsonl", "longbench=nq.jsonl", "--output", "all.jsonl", "--shuffle"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("merge")
    .description("Merge session files into one, keeping session ids unique")
    .argument("<inputs...>", "session files (JSONL or JSON array); name=path names a source")
    .requiredOption("-o, --output <file>", "sessions JSONL file to write")
    .option("--shuffle", "write the sessions in a seeded random order", false)
    .option("--seed <n>", "seed for --shuffle and per-source picks", intFlag, 0)
    .option("--limit-per-source <n>", "take at most this many sessions from each input", intFlag)
    .option("--skip-invalid", "count and pass over bad records instead of failing", false)
    .addHelpText(
      "after",
      "\nExample:\n  deno task merge sharegpt_clean.jsonl data/nq.jsonl --output data/mixed.jsonl " +
        "--shuffle --seed 1",
    );
  if (!parseCommand(program, argv)) return 0;
  const flags = program.opts();
  const params = parseFlagValues(MergeParams, {
    inputs: inputsOf(program.args),
    shuffle: flags.shuffle,
    seed: flags.seed,
    limit_per_source: flags.limitPerSource,
    skip_invalid: flags.skipInvalid,
  }, { inputs: "<inputs>" });
  const stats = await mergeSessions(params, { output: flags.output });
  for (const line of describeMerge(stats)) console.error(`merge: ${line}`);
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
