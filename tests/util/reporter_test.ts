/** @module The one terminal renderer: prefixed log lines, bars only on a terminal, redaction. */
import assert from "node:assert/strict";
import { Reporter } from "../../src/util/reporter.ts";

Deno.test("reporter prefixes labelled logs and redacts them; no bar when not a terminal", () => {
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

Deno.test("reporter draws a live bar below lines on a terminal and clears it before the next line", () => {
  const out: string[] = [];
  const r = new Reporter({ write: (t) => void out.push(t), tty: true });
  const p = r.progress("sweep");
  p.total(4, "req");
  p.advance(2, "c=8");
  r.line("first");
  r.line("done");
  r.close();
  const text = out.join("");
  assert.match(text, /^first\n\[sweep\] █{12}░{12} 2\/4 req {2}c=8\n/);
  const bar = text.indexOf("[sweep]");
  const erase = text.indexOf("\x1b[1A\r\x1b[J");
  assert.ok(bar < erase && erase < text.indexOf("done\n"), JSON.stringify(text));
});

Deno.test("reporter shows a byte count as megabytes", () => {
  const out: string[] = [];
  const r = new Reporter({ write: (t) => void out.push(t), tty: true });
  const p = r.progress("convert-sharegpt");
  p.total(2_500_000, "B");
  p.advance(1_250_000, "12 sessions");
  r.line("x");
  r.close();
  assert.match(out.join(""), /\[convert-sharegpt\] █{12}░{12} 1\.3\/2\.5 MB {2}12 sessions\n/);
});

Deno.test("reporter removes a finished label's bar", () => {
  const out: string[] = [];
  const r = new Reporter({ write: (t) => void out.push(t), tty: true });
  r.progress("a").total(2);
  r.progress("b").total(2);
  r.end("a");
  r.line("x");
  r.close();
  const last = out.join("").split("x\n").at(-1)!;
  assert.ok(last.includes("[b]") && !last.includes("[a]"), JSON.stringify(last));
});
