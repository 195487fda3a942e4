/** @module `deno task convert-mooncake <trace> <output>`: a Mooncake trace → sessions JSONL. */
import { Command } from "commander";
import { describeMooncake } from "../datasets/describe_mooncake.ts";
import { intFlag, parseCommand, parseFlagValues } from "./flags.ts";
import { convertMooncake, ConvertMooncakeParams } from "../datasets/mooncake.ts";
import { runMain } from "./run_main.ts";

/**
 * Runs the command on `argv` (without the program name).
 *
 * @example
 * ```ts
 * await main(["traces/conversation_trace.jsonl", "mooncake.jsonl", "--block-size", "512"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("convert-mooncake")
    .description(
      "Turn a Mooncake-format trace (JSONL of timestamp, input_length, output_length, hash_ids) " +
        "into one-turn sessions whose prompts reproduce the trace's block reuse",
    )
    .argument("<input>", "the trace, JSONL")
    .argument("<output>", "sessions JSONL file to write")
    .option("--block-size <n>", "tokens per hash id's block", intFlag, 512)
    .option("--seed <n>", "seeds the block texts", intFlag, 0)
    .option("--max-requests <n>", "convert only the first n requests", intFlag)
    .option("--skip-invalid", "count and pass over bad lines instead of failing", false)
    .addHelpText(
      "after",
      "\nExample:\n  deno task convert-mooncake conversation_trace.jsonl data/mooncake.jsonl",
    );
  if (!parseCommand(program, argv)) return 0;
  const [input, output] = program.args;
  const flags = program.opts();
  const params = parseFlagValues(ConvertMooncakeParams, {
    input,
    block_size: flags.blockSize,
    seed: flags.seed,
    max_requests: flags.maxRequests,
    skip_invalid: flags.skipInvalid,
  });
  const stats = await convertMooncake(params, { output });
  for (const line of describeMooncake(stats)) console.error(`convert-mooncake: ${line}`);
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
