/** @module Small tasks and a registry for the pipeline engine's tests. */
import { join } from "node:path";
import { z } from "zod";
import { defineJob, defineService, type Task } from "../../src/pipeline/task.ts";

/** Service events, e.g. `svc:start`, `svc:stop`. */
export const SERVICE_EVENTS: string[] = [];

const write = defineJob({
  name: "write",
  description: "Writes a text (repeated) into a file",
  kind: "job",
  schema: z.strictObject({
    text: z.string(),
    name: z.string().default("out.txt"),
    repeat: z.int().positive().default(1),
  }),
  outputs: { file: "file", length: "number" },
  async run(params, ctx) {
    const text = params.text.repeat(params.repeat);
    await Deno.writeTextFile(join(ctx.outDir, params.name), text);
    ctx.log(`wrote ${text.length} characters`);
    return { outputs: { file: params.name, length: text.length } };
  },
});

const concat = defineJob({
  name: "concat",
  description: "Joins files and values into out.txt",
  kind: "job",
  schema: z.strictObject({
    parts: z.array(z.union([z.string(), z.number()])),
    sep: z.string().default(""),
  }),
  async run(params, ctx) {
    const texts = await Promise.all(
      params.parts.map((p) =>
        typeof p === "string" && p.startsWith("/") ? Deno.readTextFile(p) : String(p)
      ),
    );
    await Deno.writeTextFile(join(ctx.outDir, "out.txt"), texts.join(params.sep));
    return { outputs: { file: "out.txt" } };
  },
});

const count = defineJob({
  name: "count",
  description: "Counts the lines of a local file",
  kind: "job",
  schema: z.strictObject({ path: z.string() }),
  inputs: (params) => [params.path],
  async run(params, ctx) {
    const lines = (await Deno.readTextFile(params.path)).split("\n").filter(Boolean).length;
    await Deno.writeTextFile(join(ctx.outDir, "count.json"), JSON.stringify({ lines }));
    return { outputs: { lines, file: "count.json" } };
  },
});

const sleep = defineJob({
  name: "sleep",
  description: "Sleeps, recording when it started and ended",
  kind: "job",
  schema: z.strictObject({ ms: z.int().nonnegative(), tag: z.string().default("") }),
  async run(params, ctx) {
    const start = Date.now();
    await new Promise<void>((resolve, reject) => {
      if (ctx.signal.aborted) return reject(ctx.signal.reason);
      const t = setTimeout(resolve, params.ms);
      ctx.signal.addEventListener("abort", () => (clearTimeout(t), reject(ctx.signal.reason)), {
        once: true,
      });
    });
    await Deno.writeTextFile(
      join(ctx.outDir, "times.json"),
      JSON.stringify({ start, end: Date.now() }),
    );
    return { outputs: { times: "times.json" } };
  },
});

/** The `gate` task's barriers in this process, by name. */
const GATES = new Map<string, { arrived: number; open: () => void; opened: Promise<void> }>();

const gate = defineJob({
  name: "gate",
  description: "Waits until `parties` runs of it in this process have arrived, then writes",
  kind: "job",
  schema: z.strictObject({
    name: z.string(),
    parties: z.int().positive(),
    timeout_ms: z.int().positive().default(20_000),
    tag: z.string().default(""),
  }),
  async run(params, ctx) {
    let g = GATES.get(params.name);
    if (!g) {
      let open = () => {};
      const opened = new Promise<void>((resolve) => open = resolve);
      GATES.set(params.name, g = { arrived: 0, open, opened });
    }
    if (++g.arrived >= params.parties) g.open();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`only ${g.arrived} of ${params.parties} reached the gate`)),
        params.timeout_ms,
      );
    });
    try {
      await Promise.race([g.opened, late]);
    } finally {
      clearTimeout(timer);
    }
    await Deno.writeTextFile(join(ctx.outDir, "passed.txt"), String(params.parties));
    return { outputs: { file: "passed.txt" } };
  },
});

const fail = defineJob({
  name: "fail",
  description: "Writes a partial file, then fails",
  kind: "job",
  schema: z.strictObject({ message: z.string().default("boom") }),
  async run(params, ctx) {
    await Deno.writeTextFile(join(ctx.outDir, "partial.txt"), "half");
    throw new Error(params.message);
  },
});

const hang = defineJob({
  name: "hang",
  description: "Writes a partial file and a marker, then waits until aborted",
  kind: "job",
  schema: z.strictObject({ marker: z.string() }),
  async run(params, ctx) {
    await Deno.writeTextFile(join(ctx.outDir, "partial.txt"), "half");
    await Deno.writeTextFile(params.marker, ctx.outDir);
    await new Promise((_, reject) =>
      ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason))
    );
  },
});

const svc = defineService({
  name: "svc",
  description: "A tiny HTTP service on a free port",
  kind: "service",
  schema: z.strictObject({
    greeting: z.string().default("hello"),
    health_path: z.string().default("/health"),
  }),
  start(params, ctx) {
    SERVICE_EVENTS.push(`${ctx.stage}:start`);
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/down") return new Response("down", { status: 503 });
      return new Response(path === "/health" ? "ok" : `${params.greeting} from ${path}`);
    });
    const url = `http://127.0.0.1:${server.addr.port}`;
    return Promise.resolve({
      exports: { url, port: server.addr.port },
      healthUrl: `${url}${params.health_path}`,
      async stop() {
        await server.shutdown();
        SERVICE_EVENTS.push(`${ctx.stage}:stop`);
      },
    });
  },
});

const get = defineJob({
  name: "get",
  description: "Fetches a URL into body.txt",
  kind: "job",
  schema: z.strictObject({ url: z.url() }),
  async run(params, ctx) {
    const res = await fetch(params.url, { signal: ctx.signal });
    await Deno.writeTextFile(join(ctx.outDir, "body.txt"), await res.text());
    return { outputs: { body: "body.txt" } };
  },
});

const secret = defineJob({
  name: "secret",
  description: "Uses an API key without storing it",
  kind: "job",
  schema: z.strictObject({ api_key: z.string(), model: z.string() }),
  secrets: ["api_key"],
  async run(params, ctx) {
    ctx.log(`calling ${params.model} with key ${params.api_key}`);
    await Deno.writeTextFile(join(ctx.outDir, "model.txt"), params.model);
    return { outputs: { file: "model.txt", echoed: `key=${params.api_key}` } };
  },
});

const double = defineJob({
  name: "double",
  description: "Doubles a number",
  kind: "job",
  schema: z.strictObject({ n: z.number({ error: "expected a number" }) }),
  async run(params, ctx) {
    await Deno.writeTextFile(join(ctx.outDir, "n.txt"), String(params.n * 2));
    return { outputs: { value: params.n * 2 } };
  },
});

const measure = defineJob({
  name: "measure",
  description: "Writes a fresh random reading each run, like a measurement",
  kind: "job",
  schema: z.strictObject({}),
  async run(_params, ctx) {
    await Deno.writeTextFile(join(ctx.outDir, "reading.txt"), crypto.randomUUID());
    return { outputs: { file: "reading.txt" } };
  },
});

/** The test registry. */
export const TEST_TASKS: Record<string, Task> = Object.fromEntries(
  ([write, concat, count, sleep, gate, fail, hang, svc, get, secret, double, measure] as Task[])
    .map((
      t,
    ) => [t.name, t]),
);
