/** @module `deno task pipeline <file>`: run a pipeline of stages with a content-addressed cache. */
import { Command } from "commander";
import type { Task } from "../pipeline/task.ts";
import { commaList, countFlag, parseCommand, repeatable } from "./flags.ts";
import { withInterrupt } from "./interrupt.ts";
import { runMain } from "./run_main.ts";

interface Flags {
  set?: string[];
  jobs: number;
  only?: string[];
  from?: string;
  until?: string;
  force?: boolean | string[];
  keepGoing?: boolean;
  dryRun?: boolean;
  graph?: boolean;
  cacheDir: string;
  resultsDir: string;
  runsDir: string;
}

/**
 * Parses pipeline flags and runs (or plans, or draws) the pipeline with the given task registry.
 *
 * @returns the exit code: 0 ok, 1 a stage failed, 2 invalid pipeline, 130 interrupted
 * @throws {UserError} with exit code 2 on a bad flag
 * @example
 * ```ts
 * Deno.exit(await pipelineMain(["pipelines/mixed.yaml", "--dry-run"], TASKS));
 * ```
 */
export async function pipelineMain(
  argv: string[],
  registry: Record<string, Task>,
): Promise<number> {
  const program = new Command("pipeline")
    .description("Run a pipeline file: stages in dependency order, cached by content")
    .argument("<file>", "pipeline file, e.g. pipelines/mixed.yaml")
    .option("--set <stage.key=value>", "override a parameter (YAML value; repeatable)", repeatable)
    .option("-j, --jobs <n>", "jobs at once", countFlag, 2)
    .option(
      "--only <stage>",
      "run only this stage, its needs from the cache (repeatable)",
      commaList,
    )
    .option("--from <stage>", "run this stage and everything downstream")
    .option("--until <stage>", "run this stage and everything it needs")
    .option("--force [stages...]", "rerun these stages (no names: all) even if cached")
    .option("-k, --keep-going", "keep running independent stages after a failure")
    .option("--dry-run", "print the plan: each stage cached or to run, and why")
    .option("--graph", "print the stage graph as mermaid")
    .option("--cache-dir <dir>", "cache folder", ".turnbench")
    .option("--results-dir <dir>", "stable result links folder", "results")
    .option("--runs-dir <dir>", "run manifests folder", "runs")
    .addHelpText(
      "after",
      `
Examples:
  deno task pipeline pipelines/mixed.yaml
  deno task pipeline pipelines/mixed.yaml --dry-run
  deno task pipeline pipelines/mixed.yaml --set sweep.concurrency=[1,2] --force sweep
  deno task pipeline pipelines/mixed.yaml --only report`,
    );
  if (!parseCommand(program, argv)) return 0;
  const flags = program.opts<Flags>();
  const file = program.args[0];
  const { PipelineSpecError, runPipeline, loadPipeline, toMermaid } = await import(
    "../pipeline/mod.ts"
  );
  try {
    if (flags.graph) {
      const p = await loadPipeline(file, { registry, set: flags.set });
      console.log(toMermaid(p).trimEnd());
      return 0;
    }
    return await withInterrupt("interrupted: stopping stages and services", async (signal) => {
      const report = await runPipeline({
        file,
        registry,
        cacheDir: flags.cacheDir,
        resultsDir: flags.resultsDir,
        runsDir: flags.runsDir,
        only: flags.only,
        from: flags.from,
        until: flags.until,
        force: flags.force,
        keepGoing: flags.keepGoing,
        jobs: flags.jobs,
        dryRun: flags.dryRun,
        set: flags.set,
        signal,
      });
      if (report.plan) {
        const w = Math.max(5, ...report.plan.map((p) => p.stage.length));
        for (const p of report.plan) {
          console.log(`${p.stage.padEnd(w)}  ${p.action.padEnd(6)}  ${p.why}`);
        }
      }
      return report.exitCode;
    });
  } catch (error) {
    if (error instanceof PipelineSpecError) {
      for (const line of error.lines) console.error(line);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) {
  await runMain(async () => {
    const { TASKS } = await import("../../tasks/mod.ts");
    return await pipelineMain(Deno.args, TASKS);
  });
}
