/** @module Running pipelines in-process: selection, dry runs, services, failures, secrets, parallelism. */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { RunReport } from "../../src/pipeline/mod.ts";
import { cacheEntries, statuses, withSandbox } from "./helpers.ts";
import { SERVICE_EVENTS } from "./test_tasks.ts";

const CHAIN = `
stages:
  a: { task: write, with: { text: "x" } }
  b: { task: concat, needs: [a], with: { parts: ["\${{ a.file }}", "b"] } }
  c: { task: concat, needs: [b], with: { parts: ["\${{ b.file }}", "c"] } }
`;

Deno.test("pipeline --only runs one stage on its cached inputs, and says which stage to run first", async () => {
  await withSandbox(async (s) => {
    await s.write(CHAIN);
    await assert.rejects(
      () => s.run({ only: ["c"] }),
      {
        message:
          'Stage "a" is needed but not selected, and has no cache entry (no entry): run it first, e.g. with --until b',
      },
    );
    assert.deepEqual(statuses(await s.run({ until: "b" })), { a: "ran", b: "ran", c: "skipped" });
    const r = await s.run({ only: ["c"] });
    assert.deepEqual(statuses(r), { a: "cached", b: "cached", c: "ran" });
    assert.equal(await Deno.readTextFile(join(s.dir, "results/p/c/out.txt")), "xbc");
    const forced = await s.run({ from: "b", force: ["b"] });
    assert.deepEqual(statuses(forced), { a: "cached", b: "ran", c: "cached" });
  });
});

Deno.test("pipeline --force keeps the rerun's new output and reruns what depends on it", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  m: { task: measure }
  r: { task: concat, needs: [m], with: { parts: ["\${{ m.file }}"] } }
`);
    const reading = () => Deno.readTextFile(join(s.dir, "results/p/m/reading.txt"));
    const report = () => Deno.readTextFile(join(s.dir, "results/p/r/out.txt"));
    await s.run({});
    const first = await reading();
    assert.equal(await report(), first);
    assert.deepEqual(statuses(await s.run({})), { m: "cached", r: "cached" });
    assert.deepEqual(statuses(await s.run({ force: ["m"] })), { m: "ran", r: "ran" });
    const second = await reading();
    assert.notEqual(second, first);
    assert.equal(await report(), second);
    assert.deepEqual(statuses(await s.run({})), { m: "cached", r: "cached" });
    assert.equal(await reading(), second);
  });
});

Deno.test("pipeline --dry-run tells each stage cached or to run, and why, without running", async () => {
  await withSandbox(async (s) => {
    await s.write(CHAIN);
    await s.run({ until: "a" });
    const plan = await s.run({ dryRun: true, set: ["b.parts=[B]"] });
    assert.deepEqual(plan.plan?.map((p) => [p.stage, p.action, p.why]), [
      ["a", "cached", "entry found"],
      ["b", "run", "no entry"],
      ["c", "run", "upstream will run (b)"],
    ]);
    assert.deepEqual(await cacheEntries(s.dir), [plan.plan![0].key]);
  });
});

Deno.test("pipeline starts a service only when a stage that needs it runs, and stops it after", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  svc: { task: svc, with: { greeting: hey } }
  g: { task: get, needs: [svc], with: { url: "\${{ svc.url }}/v1/x" } }
`);
    SERVICE_EVENTS.length = 0;
    const r = await s.run();
    assert.deepEqual(statuses(r), { svc: "ran", g: "ran" });
    assert.equal(await Deno.readTextFile(join(s.dir, "results/p/g/body.txt")), "hey from /v1/x");
    assert.deepEqual(SERVICE_EVENTS, ["svc:start", "svc:stop"]);
    const port = r.stages.svc.outputs?.port as number;
    const listener = Deno.listen({ hostname: "127.0.0.1", port });
    listener.close();
    const again = await s.run();
    assert.deepEqual(statuses(again), { svc: "skipped", g: "cached" });
    assert.deepEqual(SERVICE_EVENTS, ["svc:start", "svc:stop"]);
  });
});

/** When stages x and y of a run slept. */
function timesOf(r: RunReport): Promise<{ start: number; end: number }[]> {
  return Promise.all(
    ["x", "y"].map(async (n) =>
      JSON.parse(await Deno.readTextFile(join(r.stages[n].dir!, "times.json")))
    ),
  );
}

Deno.test("pipeline runs independent stages at the same time", async () => {
  await withSandbox(async (s) => {
    // Each stage waits at a barrier for the other: they pass only if both run at once.
    await s.write(`
stages:
  x: { task: gate, with: { name: parallel, parties: 2, tag: x } }
  y: { task: gate, with: { name: parallel, parties: 2, tag: y } }
`);
    assert.deepEqual(statuses(await s.run({ jobs: 2 })), { x: "ran", y: "ran" });
    await s.write(`
stages:
  x: { task: sleep, with: { ms: 50, tag: x1 } }
  y: { task: sleep, with: { ms: 50, tag: y1 } }
`);
    const [a, b] = await timesOf(await s.run({ jobs: 1 }));
    assert.ok(a.end <= b.start || b.end <= a.start, "with -j 1 they do not overlap");
  });
});

Deno.test("pipeline keeps a failed stage's output out of the cache and in failed/", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  bad: { task: fail, with: { message: "disk full" } }
  after: { task: write, needs: [bad], with: { text: x } }
  other: { task: sleep, with: { ms: 100 } }
`);
    const r = await s.run({ keepGoing: true });
    assert.equal(r.exitCode, 1);
    assert.deepEqual(statuses(r), { bad: "failed", after: "skipped", other: "ran" });
    assert.equal(r.stages.bad.error, "disk full");
    assert.equal(r.stages.after.why, 'upstream "bad" failed');
    assert.equal(await Deno.readTextFile(join(r.stages.bad.failed_dir!, "partial.txt")), "half");
    assert.match(r.stages.bad.failed_dir!, /\.turnbench\/failed\/bad-\d{8}-\d{6}/);
    assert.equal((await cacheEntries(s.dir)).length, 1);
    const manifest = JSON.parse(await Deno.readTextFile(r.manifest!));
    assert.equal(manifest.status, "failed");
    assert.equal(manifest.stages.bad.status, "failed");
  });
});

Deno.test("pipeline redacts secrets from the manifest and logs, and keeps them out of the key", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  s: { task: secret, with: { api_key: "\${{ env.API_KEY }}", model: m1 } }
`);
    const r = await s.run({ env: { API_KEY: "sk-very-secret" } });
    assert.equal(r.stages.s.status, "ran");
    const text = await Deno.readTextFile(r.manifest!);
    assert.ok(!text.includes("sk-very-secret"));
    assert.equal(JSON.parse(text).stages.s.params.api_key, "***");
    assert.equal(JSON.parse(text).stages.s.outputs.echoed, "key=***");
    assert.ok(s.output.join("").includes("with key ***"));
    assert.ok(!s.output.join("").includes("sk-very-secret"));
    const index = await Deno.readTextFile(join(s.dir, ".turnbench/index/p/s.json"));
    assert.ok(!index.includes("sk-very-secret"));
    const other = await s.run({ env: { API_KEY: "sk-another-one" } });
    assert.equal(other.stages.s.status, "cached");
    assert.equal(
      (await s.run({ env: {} })).stages.s.status,
      "cached",
      "an unset secret is fine when cached",
    );
    const unset = await s.run({ env: {}, force: true });
    assert.equal(
      unset.stages.s.error,
      'Cannot run stage "s": environment variable "API_KEY" is not set',
    );
  });
});

Deno.test("pipeline checks a reference's value against the schema at run time", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  a: { task: write, with: { text: "x" } }
  b: { task: concat, needs: [a], with: { parts: ["\${{ a.file }}"] } }
  d: { task: double, needs: [b], with: { n: "\${{ b.file }}" } }
`);
    const r = await s.run();
    assert.equal(r.stages.d.status, "failed");
    assert.equal(r.stages.d.error, "p.yaml:5:45 stages.d.with.n: expected a number");
  });
});

Deno.test("pipeline interrupted by its signal stops stages and services and reports 130", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  svc: { task: svc }
  h: { task: hang, needs: [svc], with: { marker: "${s.dir}/marker" } }
`);
    SERVICE_EVENTS.length = 0;
    const controller = new AbortController();
    const run = s.run({ signal: controller.signal });
    for (let i = 0; i < 200; i++) {
      if (await Deno.stat(join(s.dir, "marker")).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    controller.abort();
    const r = await run;
    assert.equal(r.exitCode, 130);
    assert.equal(r.status, "interrupted");
    assert.equal(r.stages.h.status, "failed");
    assert.deepEqual(SERVICE_EVENTS, ["svc:start", "svc:stop"]);
    assert.deepEqual(await cacheEntries(s.dir), []);
    assert.equal(JSON.parse(await Deno.readTextFile(r.manifest!)).status, "interrupted");
  });
});

Deno.test("pipeline fails the stages needing a service whose health check fails, and stops it", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  svc: { task: svc, with: { health_path: /down } }
  g: { task: get, needs: [svc], with: { url: "\${{ svc.url }}/x" } }
`);
    SERVICE_EVENTS.length = 0;
    const r = await s.run({ health: { tries: 3, intervalMs: 10 } });
    assert.equal(r.exitCode, 1);
    assert.deepEqual(statuses(r), { svc: "failed", g: "failed" });
    assert.match(
      r.stages.svc.error!,
      /^health check of http:\/\/127\.0\.0\.1:\d+\/down failed after 3 tries: HTTP 503$/,
    );
    assert.deepEqual(SERVICE_EVENTS, ["svc:start", "svc:stop"]);
  });
});

Deno.test("pipeline without --keep-going aborts running siblings and skips the rest after a failure", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  slow: { task: sleep, with: { ms: 60000 } }
  bad: { task: fail }
  later: { task: write, needs: [slow], with: { text: x } }
`);
    const r = await s.run();
    assert.equal(r.exitCode, 1);
    assert.deepEqual(statuses(r), { slow: "failed", bad: "failed", later: "skipped" });
    assert.equal(r.stages.slow.error, 'aborted (stage "bad" failed)');
    assert.equal(r.stages.later.why, 'upstream "slow" failed');
    assert.deepEqual(await cacheEntries(s.dir), []);
  });
});
