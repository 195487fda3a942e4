/**
 * @module `deno task shard <pipeline> --stage sweep --dir <shared>`: run one shard of a pipeline's
 * sweep stage, its index and count from flags or the engine's environment (a Slurm array task, a
 * Kubernetes Indexed Job pod). The command every Slurm task and every Job pod runs.
 */
import { isAbsolute, join, resolve } from "node:path";
import { Command } from "commander";
import { intFlag, parseCommand } from "./flags.ts";
import { resolveShard, shardLabel } from "../shard/identity.ts";
import { shardSets, syncIdFromEnv } from "../shard/stage_sets.ts";
import { UserError } from "../util/errors.ts";
import { withInterrupt } from "./interrupt.ts";
import { runMain } from "./run_main.ts";

const HELP_AFTER = `
Runs the pipeline up to --stage (its upstream stages too, cached in --work-dir), with the stage
forced and set to shard i of N: its records and summary go to <dir>/shards/<i>-of-<N>/.
The shard comes from --shard-index/--shard-count, else JOB_COMPLETION_INDEX with
TURNBENCH_SHARD_COUNT (Kubernetes), else SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT (Slurm).
The start barrier's id comes from --sync-id, else TURNBENCH_SYNC_ID, else SLURM_ARRAY_JOB_ID.

Example:
  JOB_COMPLETION_INDEX=0 TURNBENCH_SHARD_COUNT=2 deno task shard pipelines/mixed.yaml \\
    --stage sweep --dir /results/run1`;

/**
 * Runs the command on `argv`; returns the pipeline's exit code.
 *
 * @example
 * ```ts
 * await main(["p.yaml", "--stage", "sweep", "--dir", "/r", "--shard-index", "0", "--shard-count", "2"]);
 * ```
 */
export async function main(argv: string[], env = Deno.env.toObject()): Promise<number> {
  const program = new Command("shard")
    .description("Run one shard of a pipeline's sweep stage into a shared folder")
    .argument("<pipeline>", "pipeline file")
    .requiredOption("--stage <name>", "the sweep stage to shard")
    .requiredOption("--dir <dir>", "the shared output folder")
    .option("--shard-index <i>", "this shard (default: from the environment)", intFlag)
    .option("--shard-count <n>", "number of shards (default: from the environment)", intFlag)
    .option("--sync-id <id>", "names this attempt's start barrier (default: from the environment)")
    .option("--resume", "keep this shard's finished runs from an earlier attempt", false)
    .option(
      "--set <stage.key=value>",
      "override a parameter (repeatable)",
      (v, p: string[] = []) => [...p, v],
    )
    .option(
      "--work-dir <dir>",
      "this shard's cache, results and runs (default: <dir>/work/<i>-of-<n>)",
    )
    .addHelpText("after", HELP_AFTER);
  if (!parseCommand(program, argv)) return 0;
  const f = program.opts<{
    stage: string;
    dir: string;
    shardIndex?: number;
    shardCount?: number;
    syncId?: string;
    resume: boolean;
    set?: string[];
    workDir?: string;
  }>();
  const shard = resolveShard({ index: f.shardIndex, count: f.shardCount }, env);
  if (!shard) {
    throw new UserError(
      `Cannot tell which shard this is: give --shard-index and --shard-count, or run as a Slurm array task or an Indexed Job pod`,
      { exitCode: 2 },
    );
  }
  const dir = isAbsolute(f.dir) ? f.dir : resolve(f.dir);
  const work = f.workDir ?? join(dir, "work", shardLabel(shard));
  const sets = shardSets({
    stage: f.stage,
    shard,
    dir,
    syncId: f.syncId ?? syncIdFromEnv(env),
    resume: f.resume,
  });
  console.error(`shard ${shardLabel(shard)} of stage "${f.stage}" into ${dir}`);
  const [{ runPipeline }, { TASKS }] = await Promise.all([
    import("../pipeline/mod.ts"),
    import("../../tasks/mod.ts"),
  ]);
  return await withInterrupt("interrupted: stopping the shard", async (signal) => {
    const report = await runPipeline({
      file: program.args[0],
      registry: TASKS,
      until: f.stage,
      force: [f.stage],
      set: [...f.set ?? [], ...sets],
      cacheDir: join(work, ".turnbench"),
      resultsDir: join(work, "results"),
      runsDir: join(work, "runs"),
      signal,
    });
    return report.exitCode;
  });
}

if (import.meta.main) await runMain(() => main(Deno.args));
