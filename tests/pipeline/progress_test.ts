/** @module Run output on stderr: prefixed log lines, bars only on a terminal, redaction. */
import assert from "node:assert/strict";
import { Reporter } from "../../src/pipeline/progress.ts";

Deno.test("reporter prefixes stage logs and redacts them; no bar when not a terminal", () => {
  const out: string[] = [];
  const r = new Reporter({
    write: (t) => void out.push(t),
    tty: false,
    redact: (t) => t.replaceAll("sk-1", "***"),
  });
  r.log("sweep", "key sk-1\nsecond");
  const p = r.progress("sweep");
  p.total(10, "requests");
  p.advance(3);
  r.close();
  assert.deepEqual(out, ["[sweep] key ***\n", "[sweep] second\n"]);
});

Deno.test("reporter draws a live bar on a terminal and clears it before the next line", async () => {
  const out: string[] = [];
  // The bar is redrawn by a timer: wait for the redraw itself, however late it comes.
  let drawn = () => {};
  const redrawn = new Promise<void>((resolve) => drawn = resolve);
  const r = new Reporter({
    write: (t) => {
      out.push(t);
      if (t.includes("2/4")) drawn();
    },
    tty: true,
  });
  const p = r.progress("sweep");
  p.total(4, "req");
  p.advance(2, "c=8");
  assert.deepEqual(out, [], "bars are drawn later, at most 10 times a second");
  await redrawn;
  r.line("done");
  r.close();
  const text = out.join("");
  assert.match(text, /\[sweep\] █{12}░{12} 2\/4 req {2}c=8\n/);
  assert.ok(text.indexOf("\x1b[1A\r\x1b[J") < text.indexOf("done\n"));
});
