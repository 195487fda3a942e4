/** @module Cache hits and misses: params, task code, inputs, damaged entries, concurrent runs. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Task } from "../../src/pipeline/task.ts";
import { cacheEntries, statuses, withSandbox } from "./helpers.ts";
import { TEST_TASKS } from "./test_tasks.ts";

const TWO = `
stages:
  a:
    task: write
    with: { text: "hi", repeat: 2 }
  b:
    task: concat
    needs: [a]
    with: { parts: ["\${{ a.file }}", "-", "\${{ a.length }}"] }
`;

Deno.test("pipeline rerun with nothing changed is all cache hits", async () => {
  await withSandbox(async (s) => {
    await s.write(TWO);
    const first = await s.run();
    assert.deepEqual(statuses(first), { a: "ran", b: "ran" });
    assert.equal(first.exitCode, 0);
    assert.equal(await Deno.readTextFile(join(s.dir, "results/p/b/out.txt")), "hihi-4");
    const second = await s.run();
    assert.deepEqual(statuses(second), { a: "cached", b: "cached" });
    assert.equal(second.stages.a.key, first.stages.a.key);
    assert.equal((await cacheEntries(s.dir)).length, 2);
  });
});

Deno.test("pipeline misses the cache when a parameter changes, and says so", async () => {
  await withSandbox(async (s) => {
    await s.write(TWO);
    await s.run();
    const r = await s.run({ set: ["a.repeat=3"] });
    assert.deepEqual(statuses(r), { a: "ran", b: "ran" });
    assert.equal(r.stages.a.why, "params changed (repeat)");
    assert.equal(r.stages.b.why, "upstream changed (a)");
    assert.equal(await Deno.readTextFile(join(s.dir, "results/p/b/out.txt")), "hihihi-6");
  });
});

Deno.test("pipeline downstream stays cached when an upstream rerun makes the same content", async () => {
  await withSandbox(async (s) => {
    await s.write(TWO);
    await s.run();
    const r = await s.run({ force: ["a"] });
    assert.deepEqual(statuses(r), { a: "ran", b: "cached" });
    assert.equal(r.stages.a.why, "forced");
  });
});

Deno.test("pipeline misses the cache when a local input file changes", async () => {
  await withSandbox(async (s) => {
    await Deno.writeTextFile(join(s.dir, "data.txt"), "1\n2\n");
    const data = join(s.dir, "data.txt");
    await s.write(`stages:\n  c:\n    task: count\n    with: { path: ${data} }\n`);
    assert.equal((await s.run()).stages.c.outputs?.lines, 2);
    assert.equal((await s.run()).stages.c.status, "cached");
    await Deno.writeTextFile(join(s.dir, "data.txt"), "1\n2\n3\n");
    const r = await s.run();
    assert.equal(r.stages.c.status, "ran");
    assert.equal(r.stages.c.why, `input changed (${data})`);
    assert.equal(r.stages.c.outputs?.lines, 3);
  });
});

Deno.test("pipeline misses the cache when the task's code or a module it imports changes", async () => {
  await withSandbox(async (s) => {
    const taskUrl = pathToFileURL(join(Deno.cwd(), "src/pipeline/task.ts")).href;
    await Deno.writeTextFile(join(s.dir, "helper.ts"), `export const SUFFIX = "!";\n`);
    await Deno.writeTextFile(
      join(s.dir, "shout.ts"),
      `import { z } from "zod";
import { defineJob } from "${taskUrl}";
import { SUFFIX } from "./helper.ts";
export default defineJob({
  name: "shout", description: "shouts", kind: "job", schema: z.object({ text: z.string() }),
  async run(p, ctx) {
    await Deno.writeTextFile(ctx.outDir + "/out.txt", p.text.toUpperCase() + SUFFIX);
    return { outputs: { file: "out.txt" } };
  },
});
`,
    );
    const mod = await import(pathToFileURL(join(s.dir, "shout.ts")).href) as { default: Task };
    const registry = { ...TEST_TASKS, shout: mod.default };
    await s.write(`stages:\n  s:\n    task: shout\n    with: { text: hey }\n`);
    assert.equal((await s.run({ registry })).stages.s.status, "ran");
    assert.equal((await s.run({ registry })).stages.s.status, "cached");
    await Deno.writeTextFile(join(s.dir, "helper.ts"), `export const SUFFIX = "?";\n`);
    const r = await s.run({ registry });
    assert.equal(r.stages.s.status, "ran");
    assert.equal(r.stages.s.why, "task code changed");
    await Deno.writeTextFile(
      join(s.dir, "shout.ts"),
      (await Deno.readTextFile(join(s.dir, "shout.ts"))) + "// edit\n",
    );
    assert.equal((await s.run({ registry })).stages.s.why, "task code changed");
  });
});

Deno.test("pipeline treats a damaged cache entry as a miss", async () => {
  await withSandbox(async (s) => {
    await s.write(TWO);
    const first = await s.run();
    const entry = join(s.dir, ".turnbench/cache", first.stages.a.key!);
    await Deno.writeTextFile(join(entry, "out.txt"), "HIHI");
    const r = await s.run();
    assert.equal(r.stages.a.status, "ran");
    assert.match(r.stages.a.why!, /^cache entry damaged/);
    assert.equal(r.stages.b.status, "cached");
    await Deno.remove(join(entry, "out.txt"));
    assert.match((await s.run()).stages.a.why!, /^cache entry damaged/);
    assert.equal(await Deno.readTextFile(join(entry, "out.txt")), "hihi");
  });
});

Deno.test("pipeline two concurrent runs on one cache both finish and leave sound entries", async () => {
  await withSandbox(async (s) => {
    // Stage a of each run waits at a barrier for the other: both run it at once, however slow
    // the machine (a run that found it cached, or waited for the other, would never arrive).
    await s.write(`
stages:
  a: { task: gate, with: { name: cache-race, parties: 2 } }
  b: { task: write, with: { text: b }, needs: [a] }
`);
    const [one, two] = await Promise.all([s.run(), s.run()]);
    assert.equal(one.exitCode, 0);
    assert.equal(two.exitCode, 0);
    assert.equal(one.stages.b.key, two.stages.b.key);
    assert.deepEqual(
      [one.stages.a.status, two.stages.a.status],
      ["ran", "ran"],
      "both ran a: a real race",
    );
    assert.deepEqual(await cacheEntries(s.dir), [one.stages.a.key, one.stages.b.key].sort());
    assert.deepEqual(statuses(await s.run()), { a: "cached", b: "cached" });
    assert.deepEqual([...Deno.readDirSync(join(s.dir, ".turnbench/staging"))], []);
  });
});

Deno.test("pipeline puts env values of non-secret params into the key", async () => {
  await withSandbox(async (s) => {
    await s.write(`stages:\n  a: { task: write, with: { text: "\${{ env.WORD }}!" } }\n`);
    assert.equal((await s.run({ env: { WORD: "one" } })).stages.a.status, "ran");
    assert.equal((await s.run({ env: { WORD: "one" } })).stages.a.status, "cached");
    const r = await s.run({ env: { WORD: "two" } });
    assert.equal(r.stages.a.why, "params changed (text)");
    assert.equal(await Deno.readTextFile(join(r.stages.a.dir!, "out.txt")), "two!");
  });
});
