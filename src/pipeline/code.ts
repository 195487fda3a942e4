/**
 * @module The "task code" part of a cache key: the task module's source and every local module it
 * imports, found by walking static `import`/`export … from` and literal `import("…")` specifiers.
 *
 * Choice: a textual walk (no `deno info` subprocess, ~1 ms per file) over relative and `file:`
 * specifiers, skipping `node_modules`. Bare specifiers (`zod`, `npm:…`) enter the hash with their
 * pinned target from the nearest `deno.json` `imports`, so bumping a dependency version also
 * invalidates. A task built without `defineJob` (no `module`) hashes its functions' source text.
 * Over-inclusion (a type-only import, an import inside a comment) only costs a miss.
 */
import { createHash } from "node:crypto";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Text } from "./hash.ts";
import type { Task } from "./task.ts";

const SPECIFIER = /\b(?:from|import)\s*\(?\s*["']([^"'\n]+)["']/g;
type Scanned = Promise<{ hash: string; deps: string[] }>;

function fileOf(url: string): string {
  return url.startsWith("file:") ? fileURLToPath(url) : url;
}

/**
 * Makes a code hasher that reads each module once (one per run: a module edited between runs is
 * read again).
 *
 * @example
 * ```ts
 * const codeHash = createCodeHasher();
 * const code = await codeHash(TASKS.merge);
 * ```
 */
export function createCodeHasher(): (task: Task) => Promise<string> {
  const seen = new Map<string, Scanned>();
  const importMaps = new Map<string, Promise<Record<string, string>>>();

  function importMapFor(dir: string): Promise<Record<string, string>> {
    let p = importMaps.get(dir);
    if (!p) {
      p = (async () => {
        try {
          const json = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
          return (json.imports ?? {}) as Record<string, string>;
        } catch {
          const up = dirname(dir);
          return up === dir ? {} : importMapFor(up);
        }
      })();
      importMaps.set(dir, p);
    }
    return p;
  }

  function scan(url: string): Scanned {
    let p = seen.get(url);
    if (!p) {
      p = (async () => {
        const path = fileOf(url);
        const text = await Deno.readTextFile(path);
        const map = await importMapFor(dirname(path));
        const deps: string[] = [];
        const bare: string[] = [];
        for (const m of text.matchAll(SPECIFIER)) {
          const spec = m[1];
          if (/^(\.{1,2}\/|\/|file:)/.test(spec)) {
            const dep = new URL(spec, url).href;
            if (!dep.includes("/node_modules/")) deps.push(dep);
          } else {
            const root = spec.startsWith("@")
              ? spec.split("/").slice(0, 2).join("/")
              : spec.split("/")[0];
            bare.push(`${spec}=${map[spec] ?? map[root] ?? ""}`);
          }
        }
        return { hash: sha256Text(text + "\0" + bare.sort().join("\n")), deps };
      })();
      seen.set(url, p);
    }
    return p;
  }

  /** Hashes a module and its transitive local imports (paths relative to the module's folder). */
  async function moduleGraphHash(moduleUrl: string): Promise<string> {
    const base = dirname(fileOf(moduleUrl));
    const parts = new Map<string, string>();
    const queue = [moduleUrl];
    while (queue.length) {
      const url = queue.pop()!;
      if (parts.has(url)) continue;
      parts.set(url, "");
      try {
        const { hash, deps } = await scan(url);
        parts.set(url, hash);
        queue.push(...deps);
      } catch {
        parts.set(url, "unreadable");
      }
    }
    const h = createHash("sha256");
    for (const [url, hash] of [...parts].map(([u, x]) => [relative(base, fileOf(u)), x]).sort()) {
      h.update(`${url}\0${hash}\n`);
    }
    return h.digest("hex");
  }

  return (task: Task): Promise<string> => {
    if (task.module?.startsWith("file:")) return moduleGraphHash(task.module);
    const fns = [task.kind === "job" ? task.run : task.start, task.inputs].map((f) => String(f));
    return Promise.resolve(sha256Text(["fn", task.name, ...fns].join("\0")));
  };
}
