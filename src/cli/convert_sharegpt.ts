/** @module `deno task convert-sharegpt <input> <output>`: ShareGPT dumps → sessions JSONL. */
import { Command } from "commander";
import { describeShareGpt } from "../datasets/describe_sharegpt.ts";
import { byteProgress } from "../datasets/progress.ts";
import { convertShareGpt, ConvertShareGptParams } from "../datasets/sharegpt.ts";
import { intFlag, parseCommand, parseFlagValues } from "./flags.ts";
import { withProgress } from "./progress.ts";
import { runMain } from "./run_main.ts";

/**
 * Runs the command on `argv` (without the program name).
 *
 * @returns the exit code: 0 (a bad flag throws with code 2, a failed conversion with 1)
 * @example
 * ```ts
 * await main(["data/ShareGPT/", "sharegpt_clean.jsonl", "--max-sessions", "1000"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("convert-sharegpt")
    .description(
      "Convert ShareGPT dumps (a file, or a folder of .json arrays and .jsonl files) into sessions",
    )
    .argument("<input>", "ShareGPT file or folder (searched recursively)")
    .argument("<output>", "sessions JSONL file to write")
    .option("--max-sessions <n>", "write at most this many sessions", intFlag)
    .option("--min-turns <n>", "drop conversations with fewer human turns", intFlag, 1)
    .option("--shuffle", "pick sessions at random and write them in random order", false)
    .option("--seed <n>", "seed for --shuffle", intFlag, 0)
    .option("--skip-invalid", "count and pass over bad records instead of failing", false)
    .addHelpText(
      "after",
      "\nExample:\n  deno task convert-sharegpt data/ShareGPT/ sharegpt_clean.jsonl --max-sessions 1000",
    );
  if (!parseCommand(program, argv)) return 0;
  const [input, output] = program.args;
  const flags = program.opts();
  const params = parseFlagValues(ConvertShareGptParams, {
    input,
    max_sessions: flags.maxSessions,
    min_turns: flags.minTurns,
    shuffle: flags.shuffle,
    seed: flags.seed,
    skip_invalid: flags.skipInvalid,
  }, { input: "<input>" });
  const stats = await withProgress(
    "convert-sharegpt",
    (out) => convertShareGpt(params, { output, onProgress: byteProgress(out.progress) }),
  );
  for (const line of describeShareGpt(stats, params.max_sessions)) {
    console.error(`convert-sharegpt: ${line}`);
  }
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
