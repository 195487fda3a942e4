/**
 * @module The import graph of src/, tasks/ and mock/, and the rule that imports flow one way:
 * `src/cli`, `tasks/` → `src/<domain>` → `src/stats` → `src/results` → `src/io` → `src/util`.
 */
import { dirname, join, normalize, relative } from "node:path";

/** One import edge: `from` imports `to` (both relative to the repository root, `/`-separated). */
export interface Edge {
  from: string;
  to: string;
}

const STATIC = /^[ \t]*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm;
const BARE = /^[ \t]*import\s*["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/**
 * The relative specifiers a module imports or re-exports: static `import … from`, `export … from`,
 * side-effect `import "…"` and `import("…")` with a literal. Lines of comments (JSDoc examples)
 * are skipped; npm, `node:` and URL specifiers are left out.
 *
 * @example
 * ```ts
 * importSpecifiers('import { a } from "./a.ts";\n * import { b } from "./b.ts";'); // ["./a.ts"]
 * ```
 */
export function importSpecifiers(source: string): string[] {
  const code = source.split("\n").filter((line) => !/^\s*(\*|\/\*|\/\/)/.test(line)).join("\n");
  const out: string[] = [];
  for (const re of [STATIC, BARE, DYNAMIC]) {
    for (const m of code.matchAll(re)) if (m[1].startsWith(".")) out.push(m[1]);
  }
  return out;
}

/** Every `.ts` file under `dirs` (relative to `root`), sorted. */
export async function listTsFiles(root: string, dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(join(root, dir))) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(path);
      else if (e.isFile && e.name.endsWith(".ts")) out.push(path);
    }
  };
  for (const d of dirs) await walk(d);
  return out.sort();
}

/** The import edges of the given files, targets resolved to root-relative paths. */
export async function importGraph(root: string, files: readonly string[]): Promise<Edge[]> {
  const edges: Edge[] = [];
  for (const from of files) {
    for (const spec of importSpecifiers(await Deno.readTextFile(join(root, from)))) {
      const to = relative(root, normalize(join(root, dirname(from), spec))).replaceAll("\\", "/");
      edges.push({ from, to });
    }
  }
  return edges;
}

/** The shared lower layers, lowest first: each may import only itself and the ones before it. */
export const LOWER = ["util", "io", "results", "stats"] as const;

/** The layer of a path: `cli`, `engine` (src/pipeline), `tasks`, `mock`, a lower layer, or `domain`. */
export function layerOf(path: string): string {
  if (path.startsWith("tasks/")) return "tasks";
  if (path.startsWith("mock/")) return "mock";
  const m = /^src\/([^/]+)\//.exec(path);
  if (!m) return path.startsWith("src/") ? "util" : "other"; // src/version.ts: a leaf constant
  if (m[1] === "cli") return "cli";
  if (m[1] === "pipeline") return "engine";
  return (LOWER as readonly string[]).includes(m[1]) ? m[1] : "domain";
}

/**
 * Why an edge runs the wrong way, or null when it is allowed:
 * - a domain (any other `src/<folder>`) imports neither the engine, `src/cli` nor `tasks/`, nor
 *   the mock (the session runner works against any endpoint; the command layer starts a mock);
 * - the engine imports only the lower layers (it knows no domain, no stage);
 * - a lower layer imports only itself and the lower layers before it
 *   (`util` ← `io` ← `results` ← `stats`);
 * - the mock imports only itself and the lower layers.
 *
 * @example
 * ```ts
 * wrongWay({ from: "src/datasets/a.ts", to: "src/pipeline/task.ts" }); // "a domain imports the engine"
 * ```
 */
export function wrongWay(edge: Edge): string | null {
  const from = layerOf(edge.from);
  const to = layerOf(edge.to);
  const lower = (l: string) => (LOWER as readonly string[]).indexOf(l);
  if (from === "cli" || from === "tasks" || from === "other") return null;
  if (from === "domain") {
    if (to === "engine") return "a domain imports the engine (src/pipeline)";
    if (to === "cli" || to === "tasks") return `a domain imports the command layer (${to})`;
    if (to === "mock") return "a domain imports the mock";
    return null;
  }
  if (from === "engine") {
    return to === "engine" || lower(to) >= 0 ? null : `the engine imports ${to}`;
  }
  if (from === "mock") {
    return to === "mock" || lower(to) >= 0 ? null : `the mock imports ${to}`;
  }
  if (lower(to) >= 0 && lower(to) <= lower(from)) return null;
  return `src/${from} imports ${to === "domain" ? "a domain" : to}` +
    (lower(to) > lower(from) ? ` (a higher shared layer)` : "");
}
