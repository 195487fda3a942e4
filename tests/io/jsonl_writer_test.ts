/** @module Tests of the buffered JSONL appender. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { JsonlWriter } from "../../src/io/jsonl_writer.ts";

Deno.test("JsonlWriter writes buffered lines on its own within the flush interval", async () => {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-jsonl-" });
  const path = join(dir, "out.jsonl");
  const w = await JsonlWriter.open(path, { flushMs: 50 });
  try {
    w.write({ n: 1 });
    w.writeLine('{"n":2}');
    assert.equal(await Deno.readTextFile(path), "", "nothing written before the interval");
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(await Deno.readTextFile(path), '{"n":1}\n{"n":2}\n');
  } finally {
    await w.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("JsonlWriter appends to an existing file unless told to truncate it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-jsonl-" });
  const path = join(dir, "out.jsonl");
  try {
    await Deno.writeTextFile(path, "old\n");
    const a = await JsonlWriter.open(path);
    a.write("x");
    await a.close();
    assert.equal(await Deno.readTextFile(path), 'old\n"x"\n');
    const b = await JsonlWriter.open(path, { truncate: true });
    b.write("y");
    await b.close();
    assert.equal(await Deno.readTextFile(path), '"y"\n');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
