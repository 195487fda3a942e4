/**
 * @module `.ci/run` with stand-ins for `npx` and `apt-get` (so no test suite runs inside this
 * one): it refuses `UPDATE`, and otherwise prints deno's counts as its closing line.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const REPO = new URL("../../", import.meta.url).pathname;

/**
 * Runs `.ci/run` with `npx`/`apt-get` replaced by a script that logs its arguments and, for
 * `task test`, prints `summary`. Returns the exit code, the output and the logged calls.
 */
async function ciRun(env: Record<string, string>, summary = "ok | 3 passed | 0 failed (1s)") {
  const bin = await Deno.makeTempDir({ prefix: "turnbench-ci-" });
  try {
    const calls = join(bin, "calls.log");
    const stub = `#!/usr/bin/env bash\necho "$(basename "$0") $*" >> ${calls}\n` +
      `case "$*" in *"task test"*) echo '${summary}' ;; esac\nexit 0\n`;
    for (const name of ["npx", "apt-get"]) {
      await Deno.writeTextFile(join(bin, name), stub, { mode: 0o755 });
    }
    const out = await new Deno.Command("bash", {
      args: [join(REPO, ".ci/run")],
      env: { ...env, PATH: `${bin}:${Deno.env.get("PATH")}` },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return {
      code: out.code,
      stdout: dec.decode(out.stdout),
      stderr: dec.decode(out.stderr),
      calls: (await Deno.readTextFile(calls).catch(() => "")).trim().split("\n").filter(Boolean),
    };
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
}

Deno.test(".ci/run refuses to run with UPDATE set, before running anything", async () => {
  for (const value of ["1", "yes"]) {
    const r = await ciRun({ UPDATE: value });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stderr.trim(),
      `error: Cannot run CI with UPDATE="${value}" set: it rewrites golden files instead of ` +
        "comparing them; unset UPDATE",
    );
    assert.deepEqual(r.calls, [], "no test or check was started");
  }
});

Deno.test(".ci/run runs the tests and the check task and closes with deno's counts", async () => {
  const r = await ciRun({ UPDATE: "" });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.calls.filter((c) => c.startsWith("npx")), [
    "npx -y deno@2.9.6 task llama-server",
    "npx -y deno@2.9.6 task test",
    "npx -y deno@2.9.6 task check",
  ]);
  assert.equal(r.stdout.trim().split("\n").at(-1), "3 passed, 0 failed");
  const failed = await ciRun({ UPDATE: "" }, "FAILED | 40 passed | 1 failed (12s)");
  assert.equal(failed.stdout.trim().split("\n").at(-1), "40 passed, 1 failed");
});
