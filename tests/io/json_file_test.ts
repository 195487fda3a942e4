/** @module Tests of the one JSON file reader and the one pretty writer. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { z } from "zod";
import {
  prettyJson,
  readJsonFile,
  readJsonFileIfExists,
  writeJsonFile,
} from "../../src/io/json_file.ts";
import { InputError } from "../../src/util/errors.ts";

const Shape = z.object({ runs: z.array(z.object({ round: z.number() })) });

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-json-file-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("readJsonFile names the file, the line and column of bad JSON, or the first bad field", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "s.json");
    await Deno.writeTextFile(path, '{\n  "runs": [\n    {"round": 1,}\n  ]\n}\n');
    await assert.rejects(
      () => readJsonFile(path, Shape, "summary"),
      (e: Error) => e instanceof InputError && /^.*s\.json:3:\d+: not valid JSON: /.test(e.message),
    );
    await Deno.writeTextFile(path, '{"runs": [{"round": "one"}]}');
    await assert.rejects(
      () => readJsonFile(path, Shape, "summary"),
      (e: Error) => e.message.startsWith(`${path}: not a summary: runs.0.round: `),
    );
    await assert.rejects(
      () => readJsonFile(join(dir, "none.json"), Shape, "summary"),
      (e: Error) => e.message === `${join(dir, "none.json")}: file not found`,
    );
    await assert.rejects(
      () => readJsonFile(dir, Shape, "summary"),
      (e: Error) => e.message === `${dir}: is a folder, not a file`,
    );
  });
});

Deno.test("readJsonFileIfExists gives undefined only for a missing file", async () => {
  await withDir(async (dir) => {
    assert.equal(await readJsonFileIfExists(join(dir, "none.json"), Shape, "summary"), undefined);
    const path = join(dir, "bad.json");
    await Deno.writeTextFile(path, "{");
    await assert.rejects(() => readJsonFileIfExists(path, Shape, "summary"), InputError);
  });
});

Deno.test("writeJsonFile writes pretty JSON with a final newline, creating the folder", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "a", "b", "out.json");
    const value = { runs: [{ round: 1 }] };
    await writeJsonFile(path, value);
    assert.equal(
      await Deno.readTextFile(path),
      '{\n  "runs": [\n    {\n      "round": 1\n    }\n  ]\n}\n',
    );
    assert.equal(await Deno.readTextFile(path), prettyJson(value));
    assert.deepEqual(await readJsonFile(path, Shape, "summary"), value);
    const left = [...Deno.readDirSync(join(dir, "a", "b"))].map((e) => e.name);
    assert.deepEqual(left, ["out.json"], "no temporary file left beside it");
  });
});
