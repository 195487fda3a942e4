/**
 * @module A sharded sweep as a Slurm job array: one script whose tasks `0…N-1` each run
 * `deno task shard` (shard `$SLURM_ARRAY_TASK_ID` of N) into a folder every node sees, submitted
 * with `sbatch --wait`, then merged. turnbench schedules nothing itself.
 */
import { join } from "node:path";
import { UserError } from "../util/errors.ts";
import { shellQuote } from "./stage_sets.ts";

/** What the array script runs. */
export interface SlurmArray {
  /** Job name (`--job-name`). */
  name: string;
  shards: number;
  /** The shared output folder (absolute): shards, logs and the script go under it. */
  dir: string;
  /** Folder the tasks start in (absolute; the pipeline's relative paths resolve against it). */
  cwd: string;
  /** The command each task runs (`deno run -A …/shard.ts <pipeline> --stage … --dir …`). */
  command: string[];
  partition?: string;
  /** `--time` limit, e.g. `01:00:00`. */
  time?: string;
  /** More `#SBATCH` lines, e.g. `--cpus-per-task=4`. */
  sbatchArgs?: string[];
}

/** The folder of the script and the tasks' logs inside the shared folder. */
export const SLURM_DIR = "slurm";

/**
 * The job array script: `--array=0-(N-1)`, one task per shard, each logging to
 * `<dir>/slurm/<job>_<task>.log`; the task's shard comes from `SLURM_ARRAY_TASK_ID` and
 * `SLURM_ARRAY_TASK_COUNT`, its barrier id from `SLURM_ARRAY_JOB_ID`.
 *
 * @example
 * ```ts
 * slurmScript({ name: "tb-mixed", shards: 4, dir: "/shared/run", cwd: "/shared/turnbench", command });
 * ```
 */
export function slurmScript(a: SlurmArray): string {
  const lines = [
    "#!/bin/bash",
    `#SBATCH --job-name=${a.name}`,
    `#SBATCH --array=0-${a.shards - 1}`,
    "#SBATCH --ntasks=1",
    `#SBATCH --output=${join(a.dir, SLURM_DIR, "%A_%a.log")}`,
    `#SBATCH --chdir=${a.cwd}`,
    ...(a.partition ? [`#SBATCH --partition=${a.partition}`] : []),
    ...(a.time ? [`#SBATCH --time=${a.time}`] : []),
    ...(a.sbatchArgs ?? []).map((x) => `#SBATCH ${x}`),
    `# turnbench: shard $SLURM_ARRAY_TASK_ID of ${a.shards}, into ${a.dir}/shards/`,
    "set -euo pipefail",
    `exec ${a.command.map(shellQuote).join(" ")}`,
    "",
  ];
  return lines.join("\n");
}

/** The result of a submission. */
export interface Submitted {
  jobId: string;
  /** sbatch's exit code: with `--wait`, the highest exit code of the array's tasks. */
  code: number;
}

/**
 * Submits a script with `sbatch --parsable --wait` and returns once every task has ended.
 *
 * @param env the environment sbatch sees (and, by Slurm's default `--export=ALL`, the tasks)
 * @throws {UserError} when `sbatch` is missing or refuses the script
 */
export async function submitAndWait(
  script: string,
  env?: Record<string, string>,
  log?: (line: string) => void,
): Promise<Submitted> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("sbatch", {
      args: ["--parsable", "--wait", script],
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    throw new UserError(
      `Cannot submit "${script}": sbatch not found (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout).trim();
  const stderr = new TextDecoder().decode(out.stderr).trim();
  const jobId = stdout.split("\n")[0]?.split(";")[0] ?? "";
  if (!/^\d+$/.test(jobId)) {
    throw new UserError(`Cannot submit "${script}": sbatch said: ${stderr || stdout || "nothing"}`);
  }
  if (stderr) { for (const line of stderr.split("\n")) log?.(`sbatch: ${line}`); }
  return { jobId, code: out.code };
}
