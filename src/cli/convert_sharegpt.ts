/** @module `deno task convert-sharegpt <input> <output>`: ShareGPT dumps → sessions JSONL. */
import { Command } from "commander";
import { describeShareGpt } from "../datasets/describe_sharegpt.ts";
import { intOption, parseFlags } from "../datasets/flags.ts";
import { withTtyProgress } from "../datasets/progress.ts";
import { convertShareGpt, ConvertShareGptParams } from "../datasets/sharegpt.ts";
import { runMain } from "./run_main.ts";

/**
 * Runs the command on `argv` (without the program name).
 *
 * @example
 * ```ts
 * await main(["data/ShareGPT/", "sharegpt_clean.jsonl", "--max-sessions", "1000"]);
 * ```
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command("convert-sharegpt")
    .description(
      "Convert ShareGPT dumps (a file, or a folder of .json arrays and .jsonl files) into sessions",
    )
    .argument("<input>", "ShareGPT file or folder (searched recursively)")
    .argument("<output>", "sessions JSONL file to write")
    .option("--max-sessions <n>", "write at most this many sessions", intOption)
    .option("--min-turns <n>", "drop conversations with fewer human turns", intOption, 1)
    .option("--shuffle", "pick sessions at random and write them in random order", false)
    .option("--seed <n>", "seed for --shuffle", intOption, 0)
    .option("--skip-invalid", "count and pass over bad records instead of failing", false)
    .addHelpText(
      "after",
      "\nExample:\n  deno task convert-sharegpt data/ShareGPT/ sharegpt_clean.jsonl --max-sessions 1000",
    )
    .parse(argv, { from: "user" });
  const [input, output] = program.args;
  const flags = program.opts();
  const params = parseFlags(ConvertShareGptParams, {
    input,
    max_sessions: flags.maxSessions,
    min_turns: flags.minTurns,
    shuffle: flags.shuffle,
    seed: flags.seed,
    skip_invalid: flags.skipInvalid,
  });
  const stats = await withTtyProgress(
    "convert-sharegpt",
    (onProgress) => convertShareGpt(params, { output, onProgress }),
  );
  for (const line of describeShareGpt(stats, params.max_sessions)) {
    console.error(`convert-sharegpt: ${line}`);
  }
}

if (import.meta.main) await runMain(() => main(Deno.args));
