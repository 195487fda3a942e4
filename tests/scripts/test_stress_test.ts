/**
 * @module `scripts/test_stress.sh` (`deno task test:stress`) with stand-ins for `deno` and
 * `stress-ng`: it starts the load, runs the tests, and stops the load however the tests end.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const SCRIPT = new URL("../../scripts/test_stress.sh", import.meta.url).pathname;
const SETSID = "/usr/bin/setsid";

/** Whether a process is still running (a reaped one has no /proc entry). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(Deno.readTextFileSync(`/proc/${pid}/stat`));
  } catch {
    return false;
  }
}

/** The full path of a command on this machine's PATH. */
async function which(tool: string): Promise<string> {
  const cmd = new Deno.Command("bash", { args: ["-c", `command -v ${tool}`], stdout: "piped" });
  return new TextDecoder().decode((await cmd.output()).stdout).trim();
}

/**
 * A bin folder whose `deno` logs its arguments (waits with STUB_SLEEP, exits STUB_RC) and whose
 * `stress-ng` logs its pid and arguments and sleeps. Without stress-ng the folder is the whole
 * PATH, with only the tools the script needs, so it has to fall back to busy loops.
 */
async function binDir(root: string, withStress: boolean): Promise<string> {
  const bin = join(root, "bin");
  await Deno.mkdir(bin);
  const write = (name: string, text: string) =>
    Deno.writeTextFile(join(bin, name), text, { mode: 0o755 });
  await write(
    "deno",
    // Like a real test run, it lasts until the load has started (bounded), so the test sees the load.
    `#!/bin/bash\necho "$*" >> ${root}/deno.log\n` +
      `for _ in $(seq 1000); do [ -e ${root}/load.log ] || [ ! -e ${root}/bin/stress-ng ] && break; sleep 0.01; done\n` +
      `if [ -n "\${STUB_SLEEP:-}" ]; then echo started > ${root}/started; exec sleep 60; fi\n` +
      `exit \${STUB_RC:-0}\n`,
  );
  if (withStress) {
    // Its output does not hold the script's pipes open, so a load left running cannot hang the test.
    await write(
      "stress-ng",
      `#!/bin/bash\necho "$$ $*" > ${root}/load.log\nexec sleep 600 </dev/null >/dev/null 2>&1\n`,
    );
  } else {
    for (const tool of ["bash", "nproc", "seq", "dirname", "sleep"]) {
      await Deno.symlink(await which(tool), join(bin, tool));
    }
  }
  return bin;
}

/** Load processes seen by a test, stopped at its end if the script left them running. */
const seen: number[] = [];

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "turnbench-stress-" });
  try {
    await fn(root);
  } finally {
    for (const pid of seen.splice(0)) if (alive(pid)) Deno.kill(pid, "SIGKILL");
    await Deno.remove(root, { recursive: true });
  }
}

/** The script in a session of its own, so a test can send SIGINT to its whole process group. */
function script(bin: string, args: string[], env: Record<string, string>, onlyBin: boolean) {
  return new Deno.Command(SETSID, {
    args: ["bash", SCRIPT, ...args],
    env: { ...env, STRESS_CPUS: "2", PATH: onlyBin ? bin : `${bin}:${Deno.env.get("PATH")}` },
    clearEnv: onlyBin,
    stdout: "piped",
    stderr: "piped",
  });
}

Deno.test("test:stress runs the tests under stress-ng --cpu N and stops it afterwards", async () => {
  await withRoot(async (root) => {
    const bin = await binDir(root, true);
    for (const rc of [0, 3]) {
      const out = await script(bin, [], { STUB_RC: String(rc) }, false).output();
      assert.equal(out.code, rc, "the tests' exit status");
      const [pid, ...args] = (await Deno.readTextFile(join(root, "load.log"))).trim().split(" ");
      seen.push(Number(pid));
      assert.deepEqual(args, ["--cpu", "2", "--timeout", "3h", "--quiet"]);
      assert.equal(alive(Number(pid)), false, `the load (pid ${pid}) is stopped`);
      await Deno.remove(join(root, "load.log"));
    }
    await script(bin, ["tests/mock/", "--filter", "x"], {}, false).output();
    const calls = (await Deno.readTextFile(join(root, "deno.log"))).trim().split("\n");
    assert.deepEqual(calls, ["test -A tests/", "test -A tests/", "test -A tests/mock/ --filter x"]);
  });
});

Deno.test("test:stress falls back to busy loops without stress-ng, and stops them on Ctrl-C", async () => {
  await withRoot(async (root) => {
    const bin = await binDir(root, false);
    const child = script(bin, [], { STUB_SLEEP: "1" }, true).spawn();
    for (let i = 0; i < 2000; i++) {
      if (await Deno.stat(join(root, "started")).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    // Ctrl-C: SIGINT to the whole process group (the busy loops, background jobs of a script,
    // ignore it: the script has to stop them).
    const kill = await new Deno.Command("kill", { args: ["-INT", "--", `-${child.pid}`] }).output();
    assert.equal(kill.code, 0);
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    const pids = stderr.match(/2 busy loops \(pids (\d+) (\d+)\)/)?.slice(1).map(Number);
    assert.ok(pids, stderr);
    seen.push(...pids);
    assert.equal(out.code, 130, "ended by SIGINT");
    for (const pid of pids) assert.equal(alive(pid), false, `busy loop ${pid} stopped`);
  });
});
