/**
 * @module The report's layers import one way (load → model → charts | tables → render → the
 * entry points), and each outside module it leans on is imported in one place only.
 */
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const REPORT = join(SRC, "report");

/** Layer rank by folder; top-level files are entry points, except baseline.ts (model level). */
const RANKS: Record<string, number> = { load: 0, model: 1, charts: 2, tables: 2, render: 3 };
const TOP_LEVEL: Record<string, string> = { "baseline.ts": "model" };
const ENTRY = 4;

/** Outside modules that only the named report file may import (so a change lands in one place). */
const DOORS: Record<string, string> = {
  "stats/run_summary.ts": "load/scan.ts",
  "io/jsonl.ts": "load/scan.ts",
  "io/random.ts": "load/scan.ts",
  "results/scraped.ts": "load/sweep.ts",
};

/** Areas the report never imports: it reads files through src/io and src/results only. */
const FORBIDDEN = ["datasets/", "prom/", "pipeline/", "client/", "cli/", "../"];

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) yield* sources(path);
    else if (e.name.endsWith(".ts")) yield path;
  }
}

/** The relative imports of a file (static, type-only and dynamic), as paths from src/. */
async function importsOf(file: string): Promise<string[]> {
  const text = await Deno.readTextFile(file);
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)].map((m) => m[1]);
  return specs.map((s) => relative(SRC, join(dirname(file), s)));
}

function rank(fromReport: string): { layer: string; rank: number } {
  const [first, ...rest] = fromReport.split("/");
  if (rest.length === 0) {
    const layer = TOP_LEVEL[first];
    return layer ? { layer, rank: RANKS[layer] } : { layer: first, rank: ENTRY };
  }
  assert.ok(first in RANKS, `src/report/${first}/ is not a known layer: add it to RANKS`);
  return { layer: first, rank: RANKS[first] };
}

Deno.test("report layers import only from themselves and earlier layers", async () => {
  const wrong: string[] = [];
  for await (const file of sources(REPORT)) {
    const me = rank(relative(REPORT, file));
    for (const target of await importsOf(file)) {
      if (!target.startsWith("report/")) continue;
      const them = rank(target.slice("report/".length));
      const sideways = me.rank === them.rank && me.layer !== them.layer && me.rank !== ENTRY;
      if (them.rank > me.rank || sideways) wrong.push(`${relative(SRC, file)} → ${target}`);
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("the report reads through src/io and src/results, each door in one file", async () => {
  const wrong: string[] = [];
  for await (const file of sources(REPORT)) {
    const me = relative(REPORT, file);
    for (const target of await importsOf(file)) {
      const door = DOORS[target];
      if (door && door !== me) wrong.push(`${me} imports ${target} (only ${door} may)`);
      if (FORBIDDEN.some((f) => target.startsWith(f))) wrong.push(`${me} imports ${target}`);
    }
  }
  assert.deepEqual(wrong, []);
});
