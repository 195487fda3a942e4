/** @module Escaping and formatting helpers of the report. */
import assert from "node:assert/strict";
import { escapeHtml, inlineScript, jsonForScript } from "../../../src/report/render/escape.ts";
import { redactUrl, signedPct } from "../../../src/report/tables/format.ts";
import { escapeMarkdown } from "../../../src/report/render/markdown.ts";
import { renderCsv } from "../../../src/report/render/tabular.ts";
import type { ReportRow } from "../../../src/results/report_row.ts";
import { buildModel } from "../../../src/report/model/model.ts";
import { RESULTS } from "../helpers.ts";

Deno.test("escapeHtml escapes markup and quotes", () => {
  assert.equal(
    escapeHtml(`<a href="x">&'</a>`),
    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;",
  );
});

Deno.test("jsonForScript output cannot close its script element and parses back", () => {
  const value = { s: "</script><!-- \u2028 & >" };
  const text = jsonForScript(value);
  assert.doesNotMatch(text, /<|>|&|\u2028/);
  assert.deepEqual(JSON.parse(text), value);
});

Deno.test("inlineScript hides a closing script tag inside code", () => {
  assert.equal(inlineScript(`x = "</SCRIPT>"`), `x = "<\\/SCRIPT>"`);
});

Deno.test("escapeMarkdown keeps table cells whole", () => {
  assert.equal(escapeMarkdown("a|b\n<c>*d*"), "a\\|b &lt;c&gt;\\*d\\*");
});

Deno.test("redactUrl hides credentials in endpoints", () => {
  assert.equal(
    redactUrl("https://user:pw@api.example.com/v1?api_key=s3cret&x=1"),
    "https://***@api.example.com/v1?api_key=***&x=1",
  );
  assert.equal(redactUrl("not a url"), "not a url");
  assert.equal(signedPct(-4), "-4.0%");
  assert.equal(signedPct(12.34), "+12.3%");
});

Deno.test("csv quotes text and defuses spreadsheet formulas", async () => {
  const row = (await buildModel({ results: RESULTS })).rows[0];
  const csv = renderCsv([{ ...row, output_tokens_source: `=HYPERLINK("x"),y` } as ReportRow]);
  assert.ok(csv.split("\n")[1].includes(`"'=HYPERLINK(""x""),y"`));
});
