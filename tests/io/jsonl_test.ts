/** @module Tests of the one JSON Lines reader. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readJsonLines } from "../../src/io/jsonl.ts";
import type { InputError } from "../../src/util/errors.ts";

async function withFile<T>(text: string, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-jsonl-read-" });
  try {
    const path = join(dir, "x.jsonl");
    await Deno.writeTextFile(path, text);
    return await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function all(path: string, opts = {}) {
  const out = [];
  for await (const l of readJsonLines(path, opts)) out.push(l);
  return out;
}

Deno.test("readJsonLines numbers lines and records, passing over blank and CRLF lines", async () => {
  await withFile('{"a":1}\r\n\n  \n[2]\n"three"', async (path) => {
    assert.deepEqual(await all(path), [
      { line: 1, number: 1, value: { a: 1 } },
      { line: 4, number: 2, value: [2] },
      { line: 5, number: 3, value: "three" },
    ]);
  });
});

Deno.test("readJsonLines names file and line of a bad line, with the label when given", async () => {
  await withFile('{"a":1}\n{bad\n{"c":3}\n', async (path) => {
    await assert.rejects(
      () => all(path),
      (e: Error) => e.message.startsWith(`${path}:2: not valid JSON: `),
    );
    await assert.rejects(
      () => all(path, { label: "x.jsonl", invalid: (n: number) => `record ${n} is broken` }),
      (e: Error) =>
        e.name === "InputError" && e.message.startsWith("x.jsonl:2: record 2 is broken: "),
    );
  });
});

Deno.test("readJsonLines skips bad lines under skipInvalid and tells onSkip", async () => {
  await withFile('{bad\n{"b":2}\n', async (path) => {
    const skipped: InputError[] = [];
    const got = await all(path, { skipInvalid: true, onSkip: (e: InputError) => skipped.push(e) });
    assert.deepEqual(got, [{ line: 2, number: 2, value: { b: 2 } }]);
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0].line, 1);
  });
});

Deno.test("readJsonLines hands a cut-off last line to onCutLastLine, but not a bad middle line", async () => {
  await withFile('{"a":1}\n{"b":2}\n\n{"c":', async (path) => {
    const cut: number[] = [];
    const got = await all(path, { onCutLastLine: (line: number) => cut.push(line) });
    assert.deepEqual(got.map((l) => l.value), [{ a: 1 }, { b: 2 }]);
    assert.deepEqual(got.map((l) => l.number), [1, 2]);
    assert.deepEqual(cut, [4]);
  });
  await withFile('{"a":1}\n{"b":\n{"c":3}\n', async (path) => {
    await assert.rejects(
      () => all(path, { onCutLastLine: () => {} }),
      (e: Error) => e.message.startsWith(`${path}:2: not valid JSON`),
    );
  });
});
