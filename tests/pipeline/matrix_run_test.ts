/** @module Running matrix jobs: each cached on its own, selected by name, outputs as a list or one, matrixed services. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cacheEntries, statuses, withSandbox } from "./helpers.ts";
import { SERVICE_EVENTS } from "./test_tasks.ts";

const W = ["w[text=a,repeat=1]", "w[text=a,repeat=2]", "w[text=b,repeat=1]", "w[text=b,repeat=2]"];

const SWEEP = `
stages:
  w:
    task: write
    matrix:
      text: [a, b]
      repeat: [1, 2]
  all:
    task: concat
    needs: [w]
    with: { parts: "\${{ w.file }}", sep: "|" }
  lengths:
    task: concat
    needs: [w]
    with: { parts: "\${{ w.length }}", sep: "," }
  one:
    task: double
    needs: ["w[text=b,repeat=2]"]
    with: { n: "\${{ w[text=b,repeat=2].length }}" }
`;

const read = (dir: string, job: string, file: string) =>
  Deno.readTextFile(join(dir, "results/p", job, file));

Deno.test("matrix jobs run and link each under results/<pipeline>/<job>", async () => {
  await withSandbox(async (s) => {
    await s.write(SWEEP);
    const r = await s.run();
    assert.equal(r.exitCode, 0);
    assert.deepEqual(Object.keys(r.stages), [...W, "all", "lengths", "one"]);
    assert.equal(await read(s.dir, "w[text=b,repeat=2]", "out.txt"), "bb");
    assert.equal(await read(s.dir, "w[text=a,repeat=1]", "out.txt"), "a");
    assert.deepEqual(r.stages["w[text=b,repeat=1]"].matrix, { text: "b", repeat: "1" });
    assert.equal(r.stages["w[text=b,repeat=1]"].stage, "w");
    const manifest = JSON.parse(await Deno.readTextFile(r.manifest!));
    assert.deepEqual(manifest.stages["w[text=a,repeat=2]"].params, { text: "a", repeat: 2 });
  });
});

Deno.test("a downstream stage gets every job's outputs as a list, in expansion order", async () => {
  await withSandbox(async (s) => {
    await s.write(SWEEP);
    await s.run();
    assert.equal(await read(s.dir, "all", "out.txt"), "a|aa|b|bb");
    assert.equal(await read(s.dir, "lengths", "out.txt"), "1,2,1,2");
  });
});

Deno.test("a downstream stage picks one job's output by its values", async () => {
  await withSandbox(async (s) => {
    await s.write(SWEEP);
    const r = await s.run();
    assert.equal(r.stages.one.outputs?.value, 4);
  });
});

Deno.test("each matrix job is cached on its own: a new value runs only its jobs", async () => {
  await withSandbox(async (s) => {
    await s.write(SWEEP);
    const first = await s.run();
    assert.equal(new Set(W.map((j) => first.stages[j].key)).size, 4, "a key per job");
    assert.equal((await cacheEntries(s.dir)).length, 7);
    await s.write(SWEEP.replace("text: [a, b]", "text: [a, b, c]"));
    const r = await s.run();
    assert.deepEqual(statuses(r), {
      ...Object.fromEntries(W.map((j) => [j, "cached"])),
      "w[text=c,repeat=1]": "ran",
      "w[text=c,repeat=2]": "ran",
      all: "ran",
      lengths: "ran",
      one: "cached",
    });
    assert.equal(r.stages.all.why, "upstream changed (w[text=c,repeat=1], w[text=c,repeat=2])");
    assert.equal(await read(s.dir, "all", "out.txt"), "a|aa|b|bb|c|cc");
  });
});

Deno.test("the job name is part of its key: a renamed value is a new job", async () => {
  await withSandbox(async (s) => {
    await s.write(`stages:\n  w:\n    task: write\n    matrix: { text: [a] }\n`);
    const a = await s.run();
    await s.write(
      `stages:\n  w:\n    task: write\n    matrix: { text: [{ name: x, value: a }] }\n`,
    );
    const x = await s.run();
    assert.equal(x.stages["w[text=x]"].status, "ran");
    assert.notEqual(x.stages["w[text=x]"].key, a.stages["w[text=a]"].key);
  });
});

Deno.test("--force and --only take job names, partial selectors and bare stage names", async () => {
  await withSandbox(async (s) => {
    await s.write(SWEEP);
    await s.run();
    const forced = await s.run({ force: ["w[text=b]"] });
    assert.deepEqual(W.map((j) => forced.stages[j].status), ["cached", "cached", "ran", "ran"]);
    assert.equal(forced.stages["w[text=b,repeat=1]"].why, "forced");
    const only = await s.run({ only: ["w[text=a,repeat=2]"], force: true });
    assert.deepEqual(statuses(only), {
      "w[text=a,repeat=1]": "skipped",
      "w[text=a,repeat=2]": "ran",
      "w[text=b,repeat=1]": "skipped",
      "w[text=b,repeat=2]": "skipped",
      all: "skipped",
      lengths: "skipped",
      one: "skipped",
    });
    const bare = await s.run({ force: ["w"], only: ["w"] });
    assert.deepEqual(W.map((j) => bare.stages[j].status), ["ran", "ran", "ran", "ran"]);
    const until = await s.run({ until: "w[repeat=2]", force: true });
    assert.deepEqual(
      Object.entries(statuses(until)).filter(([, v]) => v === "ran").map(([k]) => k),
      ["w[text=a,repeat=2]", "w[text=b,repeat=2]"],
    );
    const from = await s.run({ dryRun: true, from: "w[text=b,repeat=2]", force: true });
    assert.deepEqual(from.plan?.filter((p) => p.action === "run").map((p) => p.stage), [
      "w[text=b,repeat=2]",
      "all",
      "lengths",
      "one",
    ]);
  });
});

Deno.test("selection flags name an unknown job with the stages and jobs there are", async () => {
  await withSandbox(async (s) => {
    await s.write(SWEEP);
    await assert.rejects(() => s.run({ only: ["w[text=z]"] }), {
      message:
        'Cannot use --only "w[text=z]": no job matches "w[text=z]" (jobs: w[text=a,repeat=1], w[text=a,repeat=2], w[text=b,repeat=1], w[text=b,repeat=2])',
    });
    await assert.rejects(() => s.run({ force: ["all[x=1]"] }), {
      message: 'Cannot use --force "all[x=1]": stage "all" has no matrix',
    });
    await assert.rejects(() => s.run({ from: "zz" }), {
      message: 'Unknown stage "zz" in --from (stages: w, all, lengths, one)',
    });
  });
});

Deno.test("--dry-run shows every job of the expansion, cached or to run", async () => {
  await withSandbox(async (s) => {
    await s.write(SWEEP);
    await s.run({ only: ["w[text=a]"] });
    const plan = await s.run({ dryRun: true });
    assert.deepEqual(plan.plan?.map((p) => [p.stage, p.action, p.why]), [
      ["w[text=a,repeat=1]", "cached", "entry found"],
      ["w[text=a,repeat=2]", "cached", "entry found"],
      ["w[text=b,repeat=1]", "run", "no entry"],
      ["w[text=b,repeat=2]", "run", "no entry"],
      ["all", "run", "upstream will run (w[text=b,repeat=1], w[text=b,repeat=2])"],
      ["lengths", "run", "upstream will run (w[text=b,repeat=1], w[text=b,repeat=2])"],
      ["one", "run", "upstream will run (w[text=b,repeat=2])"],
    ]);
  });
});

Deno.test("a stage matrixed over an upstream matrix runs once per upstream job", async () => {
  await withSandbox(async (s) => {
    await s.write(
      SWEEP + `  twice:
    task: double
    needs: [w]
    matrix: { n: "\${{ w.length }}" }
`,
    );
    const r = await s.run();
    const twice = W.map((j) => j.replace("w[", "twice["));
    assert.deepEqual(twice.map((j) => r.stages[j].outputs?.value), [2, 4, 2, 4]);
    assert.deepEqual(twice.map((j) => r.stages[j].status), ["ran", "ran", "ran", "ran"]);
  });
});

const SERVICES = `
stages:
  svc:
    task: svc
    matrix: { greeting: [hi, yo] }
  g:
    task: get
    needs: [svc]
    matrix: { url: "\${{ svc.url }}/x" }
  one:
    task: get
    needs: ["svc[greeting=yo]"]
    with: { url: "\${{ svc[greeting=yo].url }}/one" }
  all:
    task: concat
    needs: [g]
    with: { parts: "\${{ g.body }}", sep: "|" }
`;

Deno.test("a matrixed service runs one server per job, each with its own exports", async () => {
  await withSandbox(async (s) => {
    await s.write(SERVICES);
    SERVICE_EVENTS.length = 0;
    const r = await s.run();
    assert.equal(r.exitCode, 0);
    assert.equal(await read(s.dir, "g[greeting=hi]", "body.txt"), "hi from /x");
    assert.equal(await read(s.dir, "g[greeting=yo]", "body.txt"), "yo from /x");
    assert.equal(await read(s.dir, "one", "body.txt"), "yo from /one");
    assert.equal(await read(s.dir, "all", "out.txt"), "hi from /x|yo from /x");
    const hi = r.stages["svc[greeting=hi]"].outputs?.url;
    const yo = r.stages["svc[greeting=yo]"].outputs?.url;
    assert.ok(hi && yo && hi !== yo, "two servers");
    assert.deepEqual([...SERVICE_EVENTS].sort(), [
      "svc[greeting=hi]:start",
      "svc[greeting=hi]:stop",
      "svc[greeting=yo]:start",
      "svc[greeting=yo]:stop",
    ]);
    const again = await s.run();
    assert.equal(again.stages["svc[greeting=hi]"].status, "skipped");
    assert.equal(again.stages["g[greeting=hi]"].status, "cached");
  });
});

Deno.test("only the service job a running job needs is started", async () => {
  await withSandbox(async (s) => {
    await s.write(SERVICES);
    await s.run();
    SERVICE_EVENTS.length = 0;
    const r = await s.run({ force: ["g[greeting=hi]"] });
    assert.equal(r.stages["g[greeting=hi]"].status, "ran");
    assert.equal(r.stages["g[greeting=yo]"].status, "cached");
    assert.deepEqual(SERVICE_EVENTS, ["svc[greeting=hi]:start", "svc[greeting=hi]:stop"]);
  });
});
