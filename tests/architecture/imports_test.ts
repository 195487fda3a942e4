/** @module Imports flow one way: the import graph of src/, tasks/ and mock/ has no wrong-way edge. */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { type Edge, importGraph, importSpecifiers, listTsFiles, wrongWay } from "./import_graph.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Known wrong-way imports: none. An edge added here needs a reason and an issue. */
const ALLOWED: readonly Edge[] = [];

const allowed = (e: Edge) => ALLOWED.some((a) => a.from === e.from && a.to === e.to);

Deno.test("no module of src/, tasks/ or mock/ imports the wrong way", async () => {
  const files = await listTsFiles(ROOT, ["src", "tasks", "mock"]);
  const edges = await importGraph(ROOT, files);
  const wrong = edges.filter((e) => wrongWay(e) !== null && !allowed(e))
    .map((e) => `${e.from} → ${e.to}: ${wrongWay(e)}`);
  assert.deepEqual(wrong, []);
  const stale = ALLOWED.filter((a) => !edges.some((e) => e.from === a.from && e.to === a.to));
  assert.deepEqual(stale, [], "an allowed edge is gone: drop it from ALLOWED");
});

Deno.test("the import graph sees static, multi-line, re-export and dynamic imports", async () => {
  const files = await listTsFiles(ROOT, ["src", "tasks", "mock"]);
  assert.ok(files.includes("src/stats/run_summary.ts") && files.includes("tasks/mod.ts"));
  const edges = await importGraph(ROOT, files);
  const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
  assert.ok(has("src/stats/run_summary.ts", "src/results/record.ts"), "import type … from");
  assert.ok(has("src/cli/report.ts", "src/report/command.ts"), "await import(…)");
  assert.ok(has("src/stats/distribution.ts", "src/results/summary.ts"), "export … from");
  assert.ok(has("mock/rng.ts", "src/io/random.ts"), "the mock's import of src/io");
  for (const e of edges) assert.ok(!e.to.startsWith(".."), `${e.from} imports outside: ${e.to}`);
  assert.deepEqual(
    importSpecifiers([
      'import {\n  a,\n  b,\n} from "./multi.ts";',
      'export { c } from "../up.ts";',
      'import "./side.ts";',
      'const m = await import(\n  "./lazy.ts"\n);',
      ' * import { inDoc } from "./doc_example.ts";',
      '// import { off } from "./commented.ts";',
      'import { z } from "zod";',
      'import { join } from "node:path";',
    ].join("\n")),
    ["./multi.ts", "../up.ts", "./side.ts", "./lazy.ts"],
  );
});

Deno.test("wrongWay flags each rule of the one-way import order", () => {
  const bad: Array<[string, string]> = [
    ["src/datasets/stage_io.ts", "src/pipeline/task.ts"],
    ["src/report/load.ts", "src/cli/flags.ts"],
    ["src/prom/scrape.ts", "tasks/scrape.ts"],
    ["src/client/bench.ts", "mock/server.ts"],
    ["src/io/jsonl.ts", "src/results/record.ts"],
    ["src/util/errors.ts", "src/io/lines.ts"],
    ["src/results/summary.ts", "src/stats/distribution.ts"],
    ["src/stats/run_summary.ts", "src/report/scan.ts"],
    ["src/results/scraped.ts", "src/prom/scraped.ts"],
    ["src/pipeline/runner.ts", "src/datasets/reader.ts"],
    ["mock/engine.ts", "src/client/turn.ts"],
  ];
  for (const [from, to] of bad) assert.ok(wrongWay({ from, to }), `${from} → ${to}`);
  const good: Array<[string, string]> = [
    ["src/cli/bench.ts", "mock/server.ts"],
    ["tasks/sweep.ts", "src/client/sweep.ts"],
    ["tasks/sweep.ts", "src/pipeline/task.ts"],
    ["src/client/sweep.ts", "src/datasets/session.ts"],
    ["src/report/scan.ts", "src/stats/run_summary.ts"],
    ["src/stats/run_summary.ts", "src/results/record.ts"],
    ["src/results/summary.ts", "src/io/json_file.ts"],
    ["src/io/chunks.ts", "src/util/errors.ts"],
    ["src/pipeline/cache.ts", "src/io/json_file.ts"],
    ["mock/rng.ts", "src/io/random.ts"],
    ["src/cli/pipeline.ts", "src/version.ts"],
  ];
  for (const [from, to] of good) assert.equal(wrongWay({ from, to }), null, `${from} → ${to}`);
});
