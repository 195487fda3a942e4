/** @module `deno task synthesize <spec> <output>`: seeded sessions from a spec file. */
import { Command } from "commander";
import { describeSynthesize } from "../datasets/describe_synthesize.ts";
import { intFlag, parseCommand } from "./flags.ts";
import { synthesize } from "../datasets/synthesize.ts";
import { checkSpec, loadSpec } from "../datasets/synthesize_spec.ts";
import { runMain } from "./run_main.ts";

/**
 * Runs the command on `argv` (without the program name).
 *
 * @example
 * ```ts
 * await main(["examples/synthesize/shared_prefix.yaml", "shared.jsonl", "--sessions", "50"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("synthesize")
    .description(
      "Make seeded sessions from a spec (YAML or JSON): exact token lengths, shared system " +
        "prompts, think times, requested answer lengths, tool use",
    )
    .argument("<spec>", "spec file (see src/datasets/README.md)")
    .argument("<output>", "sessions JSONL file to write")
    .option("--seed <n>", "replace the spec's seed", intFlag)
    .option("--sessions <n>", "replace the spec's number of sessions", intFlag)
    .addHelpText(
      "after",
      "\nExample:\n  deno task synthesize examples/synthesize/shared_prefix.yaml data/shared.jsonl",
    );
  if (!parseCommand(program, argv)) return 0;
  const [specPath, output] = program.args;
  const flags = program.opts();
  let spec = await loadSpec(specPath);
  if (flags.seed !== undefined || flags.sessions !== undefined) {
    spec = checkSpec({
      ...spec,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.sessions !== undefined ? { sessions: flags.sessions } : {}),
    }, "--seed/--sessions");
  }
  const stats = await synthesize(spec, { output, source: specPath });
  for (const line of describeSynthesize(stats)) console.error(`synthesize: ${line}`);
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
