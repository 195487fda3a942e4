/** @module Services that need services: start order, exports passed on, and stop order. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { z } from "zod";
import { defineJob } from "../../src/pipeline/task.ts";
import { statuses, withSandbox } from "./helpers.ts";
import { SERVICE_EVENTS, TEST_TASKS } from "./test_tasks.ts";

/** Like `get`, but its schema takes only http(s) URLs (as the `scrape` stage's does). */
const getHttp = defineJob({
  name: "get-http",
  description: "Fetches an http(s) URL into body.txt",
  kind: "job",
  schema: z.strictObject({ url: z.url({ protocol: /^https?$/ }) }),
  inputs: () => [],
  async run(params, ctx) {
    const res = await fetch(params.url, { signal: ctx.signal });
    await Deno.writeTextFile(join(ctx.outDir, "body.txt"), await res.text());
    return { outputs: { body: "body.txt" } };
  },
});

Deno.test("pipeline keeps a service up until the service that needs it has stopped", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  up: { task: svc, with: { greeting: upstream } }
  front: { task: svc, needs: [up], with: { greeting: "via \${{ up.url }}" } }
  a: { task: get, needs: [up, front], with: { url: "\${{ up.url }}/a" } }
  b: { task: get, needs: [a, front], with: { url: "\${{ front.url }}/b" } }
`);
    SERVICE_EVENTS.length = 0;
    const r = await s.run();
    assert.deepEqual(statuses(r), { up: "ran", front: "ran", a: "ran", b: "ran" });
    assert.equal(await Deno.readTextFile(join(s.dir, "results/p/a/body.txt")), "upstream from /a");
    assert.equal(
      await Deno.readTextFile(join(s.dir, "results/p/b/body.txt")),
      `via ${r.stages.up.outputs?.url} from /b`,
    );
    assert.deepEqual(SERVICE_EVENTS, ["up:start", "front:start", "front:stop", "up:stop"]);
  });
});

Deno.test("pipeline starts a service's own service needs when only a later stage uses it", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  up: { task: svc, with: { greeting: upstream } }
  front: { task: svc, needs: [up], with: { greeting: "via \${{ up.url }}" } }
  g: { task: get, needs: [front], with: { url: "\${{ front.url }}/g" } }
`);
    SERVICE_EVENTS.length = 0;
    const r = await s.run();
    assert.deepEqual(statuses(r), { up: "ran", front: "ran", g: "ran" });
    assert.deepEqual(SERVICE_EVENTS, ["up:start", "front:start", "front:stop", "up:stop"]);
    const again = await s.run();
    assert.deepEqual(statuses(again), { up: "skipped", front: "skipped", g: "cached" });
  });
});

Deno.test("pipeline computes the key of a job whose http-only URL param names a service not yet started", async () => {
  await withSandbox(async (s) => {
    await s.write(`
stages:
  svc: { task: svc, with: { greeting: hi } }
  g: { task: get-http, needs: [svc], with: { url: "\${{ svc.url }}/x" } }
`);
    const r = await s.run();
    assert.deepEqual(statuses(r), { svc: "ran", g: "ran" }, r.stages.g.error);
    assert.equal(await Deno.readTextFile(join(s.dir, "results/p/g/body.txt")), "hi from /x");
    const plan = await s.run({ dryRun: true, force: ["g"] });
    assert.deepEqual(plan.plan?.map((p) => [p.stage, p.action]), [["svc", "start"], ["g", "run"]]);
  }, { ...TEST_TASKS, [getHttp.name]: getHttp });
});
