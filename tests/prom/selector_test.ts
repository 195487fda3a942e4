/** @module Tests of requested-metric selectors and their label matchers. */
import assert from "node:assert/strict";
import { matchesLabels, parseSelector } from "../../src/prom/selector.ts";
import { UserError } from "../../src/util/errors.ts";

Deno.test("parseSelector reads a bare name with colons", () => {
  const s = parseSelector("vllm:prefix_cache_hits_total");
  assert.equal(s.name, "vllm:prefix_cache_hits_total");
  assert.deepEqual(s.matchers, []);
});

Deno.test("parseSelector reads every PromQL matcher with escapes and spacing", () => {
  const s = parseSelector(' up { job = "vllm" , engine!="1", model=~"llama.*",path!~"a\\"b", } ');
  assert.equal(s.name, "up");
  assert.deepEqual(
    s.matchers.map(({ label, op, value }) => [label, op, value]),
    [["job", "=", "vllm"], ["engine", "!=", "1"], ["model", "=~", "llama.*"], [
      "path",
      "!~",
      'a"b',
    ]],
  );
});

Deno.test("matchesLabels applies equality and anchored regexes, a missing label being empty", () => {
  const { matchers } = parseSelector('x{a="1",b!="2",c=~"ll.*",d!~"x|y"}');
  assert.equal(matchesLabels(matchers, { a: "1", b: "3", c: "llama", d: "z" }), true);
  assert.equal(matchesLabels(matchers, { a: "1", c: "llama" }), true);
  assert.equal(matchesLabels(matchers, { a: "2", c: "llama" }), false);
  assert.equal(matchesLabels(matchers, { a: "1", b: "2", c: "llama" }), false);
  assert.equal(matchesLabels(matchers, { a: "1", c: "a-llama" }), false, "regex is anchored");
  assert.equal(matchesLabels(matchers, { a: "1", c: "llama", d: "x" }), false);
  assert.equal(matchesLabels(parseSelector('x{a=""}').matchers, {}), true);
});

for (
  const [text, detail] of [
    ["", /expected a metric name/],
    ["9lives", /expected a metric name/],
    ['x{a="1"', /expected "," or "}"/],
    ["x{a=1}", /quoted value for label "a"/],
    ['x{a="1} 2', /not closed/],
    ['x{a=~"("}', /invalid regex/],
    ['x{a="1"} y', /unexpected text "y"/],
    ["rate(x[5m])", /unexpected text/],
  ] as const
) {
  Deno.test(`parseSelector refuses ${JSON.stringify(text)} with a UserError`, () => {
    assert.throws(() => parseSelector(text), (e) => {
      assert.ok(e instanceof UserError);
      assert.ok(e.message.startsWith(`Cannot parse metric selector "${text}": `), e.message);
      assert.match(e.message, detail);
      return true;
    });
  });
}
