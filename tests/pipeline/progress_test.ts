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
  const r = new Reporter({ write: (t) => void out.push(t), tty: true });
  const p = r.progress("sweep");
  p.total(4, "req");
  p.advance(2, "c=8");
  await new Promise((resolve) => setTimeout(resolve, 150));
  r.line("done");
  r.close();
  const text = out.join("");
  assert.match(text, /\[sweep\] █{12}░{12} 2\/4 req {2}c=8\n/);
  assert.ok(text.indexOf("\x1b[1A\r\x1b[J") < text.indexOf("done\n"));
});
