/** @module `deno task pipeline <file>`: run a pipeline of stages with a content-addressed cache. */
import { Command, CommanderError } from "commander";
import type { Task } from "../pipeline/task.ts";
import { withInterrupt } from "./interrupt.ts";
import { runMain } from "./run_main.ts";

/** Splits `a,b` on the commas outside `[…]`, so `sweep[endpoint=a,seed=1]` stays one name. */
const collect = (
  v: string,
  prev: string[] = [],
) => [...prev, ...v.split(/,(?![^[]*\])/).map((s) => s.trim()).filter(Boolean)];
const collectRaw = (v: string, prev: string[] = []) => [...prev, v];

interface Flags {
  set?: string[];
  jobs: string;
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
 * @returns the exit code: 0 ok, 1 a stage failed, 2 invalid pipeline or flags, 130 interrupted
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
    .option("--set <stage.key=value>", "override a parameter (YAML value; repeatable)", collectRaw)
    .option("-j, --jobs <n>", "jobs at once", "2")
    .option("--only <stage>", "run only this stage, its needs from the cache (repeatable)", collect)
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
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => console.error(s.trimEnd()) });
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const flags = program.opts<Flags>();
  const file = program.args[0];
  const jobs = Number(flags.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`error: Cannot use --jobs "${flags.jobs}": expected a whole number ≥ 1`);
    return 2;
  }
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
        jobs,
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
