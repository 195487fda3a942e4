/** @module A command's progress: the one renderer on stderr, stdout written with the bar cleared. */
import assert from "node:assert/strict";
import { withProgress } from "../../src/cli/progress.ts";

Deno.test("a command's results on stdout are written with its bar cleared, and the bar ends with the work", async () => {
  const stderr: string[] = [];
  const events: string[] = [];
  const write = (t: string) => {
    stderr.push(t);
    events.push(t.includes("[bench]") ? "bar" : t.includes("\x1b[") ? "erase" : `err ${t}`);
  };
  const print = (t: string) => void events.push(`out ${t}`);
  const result = await withProgress("bench", async (out) => {
    out.progress.total(4, "requests");
    out.progress.advance(2, "round1_conc2");
    out.log("mock listening");
    out.print("table");
    return await Promise.resolve(7);
  }, { write, tty: true, print });
  assert.equal(result, 7);
  assert.deepEqual(events, ["err mock listening\n", "bar", "erase", "out table", "bar", "erase"]);
});

Deno.test("a command's bar is cleared when its work fails", async () => {
  const stderr: string[] = [];
  await assert.rejects(
    withProgress("convert", (out) => {
      out.progress.total(10, "B");
      out.log("x");
      throw new Error("boom");
    }, { write: (t) => void stderr.push(t), tty: true }),
    /boom/,
  );
  assert.equal(stderr.at(-1), "\x1b[1A\r\x1b[J", "the bar erased last");
});
