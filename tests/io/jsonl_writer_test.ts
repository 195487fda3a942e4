/** @module Tests of the buffered JSONL appender. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type FlushTimer, JsonlWriter } from "../../src/io/jsonl_writer.ts";

/** A flush timer the test fires by hand, so no test depends on how fast the machine is. */
function manualTimer() {
  const armed: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const timer: FlushTimer = {
    set(fn, ms) {
      const t = { fn, ms, cleared: false };
      armed.push(t);
      return t;
    },
    clear(handle) {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  return { armed, timer };
}

/** Waits (bounded) for the file to hold `text`: the background write is an event, not a delay. */
async function untilFileIs(path: string, text: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if ((await Deno.readTextFile(path)) === text) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(await Deno.readTextFile(path), text);
}

Deno.test("JsonlWriter writes buffered lines on its own when its flush interval ends", async () => {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-jsonl-" });
  const path = join(dir, "out.jsonl");
  const { armed, timer } = manualTimer();
  const w = await JsonlWriter.open(path, { flushMs: 50, timer });
  try {
    w.write({ n: 1 });
    w.writeLine('{"n":2}');
    assert.deepEqual(armed.map((t) => t.ms), [50], "one flush timer for the batch");
    assert.equal(await Deno.readTextFile(path), "", "nothing written before the interval");
    armed[0].fn();
    await untilFileIs(path, '{"n":1}\n{"n":2}\n');
    w.write({ n: 3 });
    assert.equal(armed.length, 2, "the next line arms a new timer");
    await w.close();
    assert.ok(armed[1].cleared, "close writes at once and clears the pending timer");
    assert.equal(await Deno.readTextFile(path), '{"n":1}\n{"n":2}\n{"n":3}\n');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("JsonlWriter writes as soon as 64 KiB pile up, without waiting for the interval", async () => {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-jsonl-" });
  const path = join(dir, "out.jsonl");
  const { armed, timer } = manualTimer();
  const w = await JsonlWriter.open(path, { flushMs: 60_000, timer });
  try {
    const line = JSON.stringify("x".repeat(40_000));
    w.writeLine(line);
    w.writeLine(line);
    assert.equal(armed.length, 1);
    await untilFileIs(path, `${line}\n${line}\n`);
    assert.ok(armed[0].cleared, "the size flush cancels the timer");
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
