/**
 * @module The "task code" part of the cache key: a change two imports away from the task module,
 * and a bumped npm version in deno.json, both change it; unrelated files do not.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createCodeHasher } from "../../src/pipeline/code.ts";
import type { Task } from "../../src/pipeline/task.ts";

/** A project folder: deno.json, task.ts → ./lib/mid.ts → ./lib/leaf.ts (which imports zod). */
async function withProject(fn: (dir: string, hash: () => Promise<string>) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-code-" });
  try {
    await Deno.mkdir(join(dir, "lib"));
    await Deno.writeTextFile(
      join(dir, "deno.json"),
      JSON.stringify({ imports: { zod: "npm:zod@4.6.7", yaml: "npm:yaml@2.9.1" } }),
    );
    await Deno.writeTextFile(join(dir, "task.ts"), `import { mid } from "./lib/mid.ts";\n`);
    await Deno.writeTextFile(join(dir, "lib/mid.ts"), `export * from "./leaf.ts";\n`);
    await Deno.writeTextFile(
      join(dir, "lib/leaf.ts"),
      `import { z } from "zod";\nexport const mid = z.string();\n`,
    );
    await Deno.writeTextFile(join(dir, "lib/unused.ts"), `export const x = 1;\n`);
    const task = { name: "t", kind: "job", module: pathToFileURL(join(dir, "task.ts")).href };
    // A fresh hasher per call: one hasher reads each module once per run.
    await fn(dir, () => createCodeHasher()(task as unknown as Task));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("code hash changes when a module two imports away from the task changes", async () => {
  await withProject(async (dir, hash) => {
    const before = await hash();
    assert.equal(await hash(), before, "same files, same hash");
    await Deno.writeTextFile(join(dir, "lib/unused.ts"), `export const x = 2;\n`);
    assert.equal(await hash(), before, "a module nobody imports is not part of it");
    const leaf = join(dir, "lib/leaf.ts");
    const text = await Deno.readTextFile(leaf);
    await Deno.writeTextFile(leaf, text.replace("z.string()", "z.number()"));
    const edited = await hash();
    assert.notEqual(edited, before, "an edit in the second-level import changes the hash");
    await Deno.writeTextFile(leaf, text);
    assert.equal(await hash(), before, "undoing the edit gives the old hash back");
  });
});

Deno.test("code hash changes when deno.json pins another version of an npm package it imports", async () => {
  await withProject(async (dir, hash) => {
    const before = await hash();
    const config = join(dir, "deno.json");
    const pins = (zod: string, yaml: string) => JSON.stringify({ imports: { zod, yaml } });
    await Deno.writeTextFile(config, pins("npm:zod@4.6.7", "npm:yaml@2.9.2"));
    assert.equal(await hash(), before, "a package the task does not import does not count");
    await Deno.writeTextFile(config, pins("npm:zod@4.6.8", "npm:yaml@2.9.2"));
    const bumped = await hash();
    assert.notEqual(bumped, before, "zod 4.6.7 → 4.6.8 changes the hash");
    await Deno.writeTextFile(config, pins("npm:zod@4.6.7", "npm:yaml@2.9.1"));
    assert.equal(await hash(), before);
  });
});
