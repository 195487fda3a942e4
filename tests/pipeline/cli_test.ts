/** @module The pipeline CLI as a process: exit codes, error lines, a run killed with SIGKILL. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cacheEntries, withSandbox } from "./helpers.ts";

const CLI = new URL("./cli_with_test_tasks.ts", import.meta.url).pathname;

function cli(cwd: string, args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
}

async function output(cwd: string, args: string[]) {
  const out = await cli(cwd, args).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("pipeline CLI reports every problem of the invalid fixture with line:col and exits 2", async () => {
  await withSandbox(async (s) => {
    await s.write(
      await Deno.readTextFile(new URL("../testdata/pipeline/invalid.yaml", import.meta.url)),
    );
    const r = await output(s.dir, ["p.yaml"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.deepEqual(r.stderr.trimEnd().split("\n"), [
      'p.yaml:3:1 colour: unknown key "colour"',
      "p.yaml:8:13 stages.convert.with.text: expected a string, got number 42",
      "p.yaml:9:15 stages.convert.with.repeat: expected a number, got a list",
      'p.yaml:12:22 stages.merge.needs.1: unknown stage "missing"',
      'p.yaml:14:38 stages.merge.with.parts.1: reference "${{ sweep.dir }}" names stage "sweep", which is not in needs',
      "p.yaml:17:12 stages.sweep.needs: dependency cycle: sweep → report → sweep",
      'p.yaml:18:17 stages.sweep.with.ms: environment variable "SLEEP_MS" is not set',
      'p.yaml:20:11 stages.report.task: unknown task "nope" (known: concat, count, double, fail, gate, get, hang, measure, secret, sleep, svc, write)',
    ]);
  });
});

Deno.test("pipeline CLI prints every error of an invalid file on its own line and exits 2", async () => {
  await withSandbox(async (s) => {
    await s.write("stages:\n  a: { task: write, with: { text: 1 } }\n  b: { task: nope }\n");
    const r = await output(s.dir, ["p.yaml"]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      "p.yaml:2:35 stages.a.with.text: expected a string, got number 1\n" +
        'p.yaml:3:14 stages.b.task: unknown task "nope" (known: concat, count, double, fail, gate, get, hang, measure, secret, sleep, svc, write)\n',
    );
    const flags = await output(s.dir, ["p.yaml", "--jobs", "0"]);
    assert.equal(flags.code, 2);
    assert.equal(flags.stderr, 'error: Cannot use --jobs "0": expected a whole number ≥ 1\n');
  });
});

Deno.test("pipeline CLI --dry-run and --graph print to stdout", async () => {
  await withSandbox(async (s) => {
    await s.write(`stages:
  m: { task: svc }
  a: { task: get, needs: [m], with: { url: "\${{ m.url }}/x" } }
`);
    const plan = await output(s.dir, ["p.yaml", "--dry-run"]);
    assert.equal(plan.code, 0);
    assert.equal(plan.stdout, "m      start   needed by a\na      run     no entry\n");
    const graph = await output(s.dir, ["p.yaml", "--graph"]);
    assert.equal(
      graph.stdout,
      'flowchart LR\n  m(["m<br/><i>svc</i>"])\n  a["a<br/><i>get</i>"]\n  m --> a\n',
    );
  });
});

Deno.test("pipeline CLI --dry-run lists a matrix's jobs and --only takes job names with commas", async () => {
  await withSandbox(async (s) => {
    await s.write(`stages:
  w:
    task: write
    matrix: { text: [a, b], repeat: [1, 2] }
`);
    const plan = await output(s.dir, [
      "p.yaml",
      "--dry-run",
      "--only",
      "w[text=a,repeat=2],w[text=b]",
    ]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.equal(
      plan.stdout,
      "w[text=a,repeat=1]  skip    not selected\n" +
        "w[text=a,repeat=2]  run     no entry\n" +
        "w[text=b,repeat=1]  run     no entry\n" +
        "w[text=b,repeat=2]  run     no entry\n",
    );
  });
});

Deno.test("pipeline run killed with SIGKILL mid-stage leaves no cache entry, and the next run keeps its staging in failed/", async () => {
  await withSandbox(async (s) => {
    const marker = join(s.dir, "marker");
    await s.write(
      `stages:\n  h: { task: hang, with: { marker: "${marker}" } }\n  w: { task: write, with: { text: x } }\n`,
    );
    const child = cli(s.dir, ["p.yaml", "--only", "h"]).spawn();
    let started = false;
    for (let i = 0; i < 400 && !started; i++) {
      started = await Deno.stat(marker).then(() => true, () => false);
      if (!started) await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    const status = await child.status;
    await child.stdout.cancel();
    await child.stderr.cancel();
    assert.ok(started, "the hanging stage started");
    assert.equal(status.signal, "SIGKILL");
    assert.deepEqual(await cacheEntries(s.dir), []);
    const staging = [...Deno.readDirSync(join(s.dir, ".turnbench/staging"))];
    assert.equal(staging.length, 1);
    const r = await s.run({ only: ["w"] });
    assert.equal(r.stages.w.status, "ran");
    assert.deepEqual([...Deno.readDirSync(join(s.dir, ".turnbench/staging"))], []);
    const failed = [...Deno.readDirSync(join(s.dir, ".turnbench/failed"))].map((e) => e.name);
    assert.equal(failed.length, 1);
    assert.match(failed[0], /^h-\d{8}-\d{6}$/);
    assert.equal(
      await Deno.readTextFile(join(s.dir, ".turnbench/failed", failed[0], "partial.txt")),
      "half",
    );
    assert.ok(s.output.join("").includes("staging folder of a killed run moved to"));
  });
});

Deno.test("pipeline CLI on SIGINT stops the stage and exits 130 with a manifest", async () => {
  await withSandbox(async (s) => {
    const marker = join(s.dir, "marker");
    await s.write(`stages:\n  h: { task: hang, with: { marker: "${marker}" } }\n`);
    const child = cli(s.dir, ["p.yaml"]).spawn();
    for (let i = 0; i < 400; i++) {
      if (await Deno.stat(marker).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGINT");
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const status = await child.status;
    clearTimeout(timer);
    await child.stdout.cancel();
    await child.stderr.cancel();
    assert.equal(status.code, 130);
    const runs = [...Deno.readDirSync(join(s.dir, "runs"))];
    assert.equal(runs.length, 1);
    const manifest = JSON.parse(
      await Deno.readTextFile(join(s.dir, "runs", runs[0].name, "manifest.json")),
    );
    assert.equal(manifest.status, "interrupted");
    assert.equal(manifest.stages.h.status, "failed");
    assert.deepEqual(await cacheEntries(s.dir), []);
  });
});

Deno.test("pipeline two CLI processes on one cache both finish and leave it sound", async () => {
  await withSandbox(async (s) => {
    await s.write(`stages:
  a: { task: sleep, with: { ms: 300 } }
  b: { task: write, needs: [a], with: { text: "\${{ a.times }}" } }
`);
    const [one, two] = await Promise.all([output(s.dir, ["p.yaml"]), output(s.dir, ["p.yaml"])]);
    assert.deepEqual([one.code, two.code], [0, 0]);
    assert.equal((await cacheEntries(s.dir)).length, 2);
    const again = await s.run();
    assert.deepEqual([again.stages.a.status, again.stages.b.status], ["cached", "cached"]);
    assert.deepEqual([...Deno.readDirSync(join(s.dir, ".turnbench/staging"))], []);
    assert.equal([...Deno.readDirSync(join(s.dir, "runs"))].length, 3);
  });
});
