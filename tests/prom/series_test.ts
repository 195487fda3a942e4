/** @module Tests of series keys, label-value escaping and quoted-string reading. */
import assert from "node:assert/strict";
import { escapeLabelValue, readQuoted, seriesKey } from "../../src/prom/series.ts";
import { parseExpositionText } from "../../src/prom/exposition.ts";

Deno.test("seriesKey sorts labels by name and is the bare name without labels", () => {
  assert.equal(seriesKey("vllm:num_requests_running", {}), "vllm:num_requests_running");
  assert.equal(
    seriesKey("vllm:num_requests_running", { model_name: "m", engine: "0", Zeta: "z" }),
    'vllm:num_requests_running{Zeta="z",engine="0",model_name="m"}',
  );
});

Deno.test("seriesKey escapes label values as the exposition format does", () => {
  assert.equal(seriesKey("x", { a: 'say "hi"\n\\' }), 'x{a="say \\"hi\\"\\n\\\\"}');
});

Deno.test("a series key parses back to the same name and labels", () => {
  const labels = { path: "C:\\tmp\\", msg: 'a "b"\nc', le: "+Inf", empty: "" };
  const [sample] = parseExpositionText(`${seriesKey("m:x_bucket", labels)} 1\n`);
  assert.equal(sample.name, "m:x_bucket");
  assert.deepEqual(sample.labels, labels);
});

Deno.test("readQuoted undoes escapeLabelValue for awkward strings", () => {
  for (const value of ["", "plain", '"', "\\", "\\n", "\n\n", 'a\\"b', "ünïcødé ✓", '\\\\"']) {
    const text = `"${escapeLabelValue(value)}" rest`;
    assert.deepEqual(readQuoted(text, 0), { value, end: text.length - 5 });
  }
  assert.equal(readQuoted('"never closed', 0), null);
  assert.equal(readQuoted('"ends in backslash\\', 0), null);
});
