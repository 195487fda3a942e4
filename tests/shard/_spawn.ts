/** @module Run a command of the repository as a child process, as a test would from a shell. */

/** A finished child: its exit code and what it printed. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of this process without any shard identity (Slurm's or a Job's). */
export function cleanEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  for (const k of Object.keys(env)) {
    if (k.startsWith("SLURM_") || k === "JOB_COMPLETION_INDEX" || k.startsWith("TURNBENCH_SHARD")) {
      delete env[k];
    }
  }
  return env;
}

/** Runs `cmd` (argv) with `env` (replacing the environment) in `cwd` and collects its output. */
export async function run(
  cmd: string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
): Promise<Ran> {
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    env: opts.env ?? cleanEnv(),
    clearEnv: true,
    cwd: opts.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
