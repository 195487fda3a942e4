/**
 * @module `deno task slurm <pipeline> --stage sweep --shards N`: write a Slurm job-array script
 * running the stage as N shards into a shared folder; with `--submit`, submit it, wait, merge.
 */
import { basename, extname, join, resolve } from "node:path";
import { Command } from "commander";
import { intFlag, parseCommand } from "./flags.ts";
import { writeTextAtomically } from "../io/atomic_write.ts";
import { mergeShards } from "../shard/merge.ts";
import { SLURM_DIR, slurmScript, submitAndWait } from "../shard/slurm.ts";
import { UserError } from "../util/errors.ts";
import { runMain } from "./run_main.ts";

const SHARD_MODULE = new URL("./shard.ts", import.meta.url).pathname;

const HELP_AFTER = `
Writes <dir>/slurm/<stage>.sbatch: an array of N tasks, task i running the stage as shard i of N
(deno task shard) into <dir>/shards/<i>-of-<N>/. <dir> must be on a filesystem every node mounts,
and so must this checkout (the tasks start in it). With --submit: sbatch --wait, then the merge
into <dir>/records.jsonl and <dir>/summary.json (deno task report <dir> for the report).
Exit codes: 0 written (and, with --submit, merged complete); 1 a task failed or the merge is
partial; 2 bad arguments.

Examples:
  deno task slurm pipelines/mixed.yaml --stage sweep --shards 4 --dir /shared/tb/run1
  deno task slurm pipelines/mixed.yaml --stage sweep --shards 4 --dir /shared/tb/run1 --submit \\
    --partition cpu --time 01:00:00 --set sweep.endpoint=http://llm.internal:8000/v1/chat/completions`;

/**
 * Runs the command on `argv`; returns its exit code.
 *
 * @example
 * ```ts
 * await main(["p.yaml", "--stage", "sweep", "--shards", "4", "--dir", "/shared/run", "--submit"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("slurm")
    .description("Run a pipeline's sweep stage as a Slurm job array of shards, then merge")
    .argument("<pipeline>", "pipeline file")
    .requiredOption("--stage <name>", "the sweep stage to shard")
    .requiredOption("--shards <n>", "number of shards (array tasks)", intFlag)
    .option("--dir <dir>", "shared output folder (default: results/<pipeline>/<stage>-shards)")
    .option("--submit", "submit with sbatch --wait, then merge", false)
    .option("--partition <name>", "Slurm partition")
    .option("--time <limit>", "Slurm time limit, e.g. 01:00:00")
    .option("--sbatch-arg <arg>", "another #SBATCH line (repeatable)", collect)
    .option("--set <stage.key=value>", "override a parameter in every task (repeatable)", collect)
    .option("--resume", "each task keeps its shard's finished runs", false)
    .option("--deno <path>", "deno on the compute nodes", Deno.execPath())
    .addHelpText("after", HELP_AFTER);
  if (!parseCommand(program, argv)) return 0;
  const f = program.opts<{
    stage: string;
    shards: number;
    dir?: string;
    submit: boolean;
    partition?: string;
    time?: string;
    sbatchArg?: string[];
    set?: string[];
    resume: boolean;
    deno: string;
  }>();
  if (f.shards < 1) {
    throw new UserError(`Invalid option --shards: must be at least 1`, { exitCode: 2 });
  }
  const pipeline = resolve(program.args[0]);
  const stem = basename(pipeline, extname(pipeline));
  const dir = resolve(f.dir ?? join("results", stem, `${f.stage}-shards`));
  const script = join(dir, SLURM_DIR, `${f.stage}.sbatch`);
  const command = [
    f.deno,
    "run",
    "-A",
    SHARD_MODULE,
    pipeline,
    "--stage",
    f.stage,
    "--dir",
    dir,
    ...(f.resume ? ["--resume"] : []),
    ...(f.set ?? []).flatMap((s) => ["--set", s]),
  ];
  await Deno.mkdir(join(dir, SLURM_DIR), { recursive: true });
  await writeTextAtomically(
    script,
    slurmScript({
      name: `tb-${stem}-${f.stage}`,
      shards: f.shards,
      dir,
      cwd: Deno.cwd(),
      command,
      partition: f.partition,
      time: f.time,
      sbatchArgs: f.sbatchArg,
    }),
  );
  console.error(`slurm: wrote ${script}`);
  if (!f.submit) {
    console.log(`sbatch --wait ${script} && deno task merge-shards ${dir} --count ${f.shards}`);
    return 0;
  }
  const { jobId, code } = await submitAndWait(script, undefined, (l) => console.error(l));
  console.error(`slurm: job ${jobId} ended (exit code ${code}); logs in ${join(dir, SLURM_DIR)}`);
  const { summary, records, notes } = await mergeShards(dir, { count: f.shards });
  for (const note of notes) console.error(`merge-shards: ${note}`);
  console.log(
    `merged ${records} records of ${summary.shards!.present.length}/${f.shards} shards into ${dir}${
      summary.complete ? "" : " (partial)"
    }`,
  );
  return code === 0 && summary.complete ? 0 : 1;
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

if (import.meta.main) await runMain(() => main(Deno.args));
