/** @module References in params: scanning, type-keeping substitution, interpolation. */
import assert from "node:assert/strict";
import { findRefs, refText, scanString, substitute } from "../../src/pipeline/refs.ts";

Deno.test("refs substitution keeps a whole-string reference's type and interpolates the rest as text", () => {
  const values: Record<string, unknown> = { "a.n": 4, "m.url": "http://127.0.0.1:9", "env.K": "k" };
  const out = substitute(
    { n: "${{ a.n }}", url: "${{m.url}}/v1/chat", list: ["${{ env.K }}", 1], text: "n=${{ a.n }}" },
    (r) => values[`${r.stage}.${r.field}`],
  );
  assert.deepEqual(out, { n: 4, url: "http://127.0.0.1:9/v1/chat", list: ["k", 1], text: "n=4" });
});

Deno.test("refs scanning reports malformed expressions and where each reference sits", () => {
  assert.deepEqual(scanString("${{ merge }} and ${{ a.b }}").bad, ["${{ merge }}"]);
  assert.equal(scanString("  ${{ a.b }} ").whole, true);
  assert.equal(scanString("${{ a.b }}${{ a.c }}").whole, false);
  assert.deepEqual(findRefs({ x: [{ y: "${{ s.o }}" }] }).map((r) => r.path), [["x", 0, "y"]]);
});

Deno.test("refs name one job of a matrix with [key=value,…], normalized; env takes no selector", () => {
  const [ref] = scanString("${{ sweep[ endpoint = b ,seed=1].summary }}").refs;
  assert.deepEqual(ref, {
    raw: "${{ sweep[ endpoint = b ,seed=1].summary }}",
    stage: "sweep",
    field: "summary",
    select: "endpoint=b,seed=1",
  });
  assert.equal(refText(ref), "${{ sweep[endpoint=b,seed=1].summary }}");
  assert.deepEqual(scanString("${{ env[x=1].A }} ${{ s[x].o }}").bad, [
    "${{ env[x=1].A }}",
    "${{ s[x].o }}",
  ]);
});
