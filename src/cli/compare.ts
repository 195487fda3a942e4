/** @module `deno task compare A B …`: two or more sweeps side by side, with confidence intervals. */
import { Command } from "commander";
import {
  countFlag,
  intFlag,
  nonNegativeFlag,
  numberFlag,
  parseCommand,
  repeatable,
} from "./flags.ts";
import { badFlag } from "./flags.ts";
import { runMain } from "./run_main.ts";

/** Parses `deno task compare` arguments and runs it; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const program = new Command("compare")
    .description(
      "Compare two or more sweeps, paired by session and turn: each figure's change with a " +
        "bootstrap confidence interval and a verdict → compare.md, compare.html, compare.json",
    )
    .argument("<results...>", "the sweeps' results folders (records.jsonl + summary.json)")
    .option(
      "--label <name>",
      "a label per sweep, in order (repeatable; default: folder names)",
      repeatable,
    )
    .option("--reference <label>", "the sweep the others are compared with (default: the first)")
    .option("--out <dir>", "output folder", "results/compare")
    .option(
      "--confidence <level>",
      "confidence level of the intervals, in (0, 1)",
      numberFlag,
      0.95,
    )
    .option("--iterations <n>", "bootstrap resamples", countFlag, 2000)
    .option("--seed <n>", "seed of the resampling", intFlag, 1)
    .option(
      "--min-effect <pct>",
      "smallest change called a difference, % (points for % figures)",
      nonNegativeFlag,
      0,
    )
    .option("--title <text>", "report title")
    .addHelpText(
      "after",
      `
Pairs: the same round and load in every sweep; inside it, whole sessions (same session ids) are
resampled together on both sides, and each sweep's trials too when both ran --repeat ≥ 2.
Verdict: worse or better only when the whole interval lies past ±--min-effect; else no
significant difference. Sweeps of other sessions or settings are compared with a warning.
Exit codes: 0 written; 1 unreadable input; 2 bad arguments.

Examples:
  deno task compare results/ab/'sweep[cache_tokens=on]' results/ab/'sweep[cache_tokens=off]'
  deno task compare runs/vllm runs/lmcache --label vllm --label lmcache --out runs/vllm-vs-lmcache`,
    );
  if (!parseCommand(program, args)) return 0;
  const o = program.opts<{
    label?: string[];
    reference?: string;
    out: string;
    confidence: number;
    iterations: number;
    seed: number;
    minEffect: number;
    title?: string;
  }>();
  if (!(o.confidence > 0 && o.confidence < 1)) {
    throw badFlag("--confidence", o.confidence, "expected a number between 0 and 1");
  }
  const { compareCommand } = await import("../compare/command.ts");
  return await compareCommand({
    results: program.args,
    labels: o.label,
    reference: o.reference,
    out: o.out,
    confidence: o.confidence,
    iterations: o.iterations,
    seed: o.seed,
    minEffectPct: o.minEffect,
    title: o.title,
  });
}

if (import.meta.main) await runMain(() => main(Deno.args));
