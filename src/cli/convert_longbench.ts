/** @module `deno task convert-longbench --input LongBench/data --dataset … --output …`. */
import { Command } from "commander";
import { describeLongBench } from "../datasets/describe_longbench.ts";
import { intFlag, parseCommand, parseFlagValues } from "./flags.ts";
import { convertLongBench, ConvertLongBenchParams } from "../datasets/longbench.ts";
import { byteProgress } from "../datasets/progress.ts";
import { withProgress } from "./progress.ts";
import { runMain } from "./run_main.ts";

/**
 * Runs the command on `argv` (without the program name).
 *
 * @returns the exit code: 0 (a bad flag throws with code 2, a failed conversion with 1)
 * @example
 * ```ts
 * await main(["--input", "LongBench/data", "--dataset", "narrativeqa", "--output", "nq.jsonl"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("convert-longbench")
    .description(
      "Convert LongBench data/<dataset>.jsonl files into multi-turn sessions (one per shared context)",
    )
    .requiredOption("--input <path>", "LongBench's data/ folder, or one dataset .jsonl file")
    .option("--dataset <names>", "dataset name(s), comma-separated, or all (default: all)")
    .requiredOption("--output <file>", "sessions JSONL file to write")
    .option("--num-samples <n>", "use at most this many samples per dataset", intFlag)
    .option("--max-turns <n>", "at most this many questions per session", intFlag)
    .option("--template-file <file>", "JSON {dataset: template} or a text template to use instead")
    .option("--skip-invalid", "count and pass over bad samples instead of failing", false)
    .addHelpText(
      "after",
      "\nExample:\n  deno task convert-longbench --input LongBench/data --dataset narrativeqa " +
        "--num-samples 200 --output data/nq.jsonl",
    );
  if (!parseCommand(program, argv)) return 0;
  const flags = program.opts();
  const params = parseFlagValues(ConvertLongBenchParams, {
    input: flags.input,
    dataset: flags.dataset,
    num_samples: flags.numSamples,
    max_turns: flags.maxTurns,
    template_file: flags.templateFile,
    skip_invalid: flags.skipInvalid,
  });
  const stats = await withProgress(
    "convert-longbench",
    (out) =>
      convertLongBench(params, { output: flags.output, onProgress: byteProgress(out.progress) }),
  );
  for (const line of describeLongBench(stats)) console.error(`convert-longbench: ${line}`);
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
