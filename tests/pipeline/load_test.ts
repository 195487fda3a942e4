/** @module Pipeline file validation: every error at once, each with file:line:col and the field path. */
import assert from "node:assert/strict";
import { parsePipeline, PipelineSpecError } from "../../src/pipeline/mod.ts";
import { TEST_TASKS } from "./test_tasks.ts";

const FILE = "pipelines/x.yaml";

function errorsOf(text: string, set?: string[], env: Record<string, string> = {}): string[] {
  try {
    parsePipeline(text, FILE, { registry: TEST_TASKS, set, env });
  } catch (error) {
    if (error instanceof PipelineSpecError) {
      assert.equal(error.exitCode, 2);
      return error.lines;
    }
    throw error;
  }
  assert.fail("expected the pipeline to be rejected");
}

Deno.test("pipeline loader reports YAML syntax errors at line:col", () => {
  assert.deepEqual(errorsOf("stages:\n  a:\n    task: write\n    with: { text: [1 }\n"), [
    `${FILE}:4:22: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    `${FILE}:4:23: Flow map in block collection must be sufficiently indented and end with a }`,
  ]);
});

Deno.test("pipeline loader rejects duplicate stage names", () => {
  const text =
    "stages:\n  a:\n    task: write\n    with: { text: hi }\n  a:\n    task: write\n    with: { text: ho }\n";
  assert.deepEqual(errorsOf(text), [`${FILE}:5:3 stages.a: duplicate stage name "a"`]);
});

Deno.test("pipeline loader reports every unknown key, wrong type, unknown task and stage at once", () => {
  const text = `name: x
color: red
stages:
  a:
    task: writ
    with: { text: hi }
  b:
    task: write
    needs: [zz]
    with:
      text: 3
      repeat: two
      extra: 1
    bogus: 2
`;
  assert.deepEqual(errorsOf(text), [
    `${FILE}:2:1 color: unknown key "color"`,
    `${FILE}:5:11 stages.a.task: unknown task "writ" (known: concat, count, double, fail, gate, get, hang, measure, secret, sleep, svc, write)`,
    `${FILE}:9:13 stages.b.needs.0: unknown stage "zz"`,
    `${FILE}:11:13 stages.b.with.text: expected a string, got number 3`,
    `${FILE}:12:15 stages.b.with.repeat: expected a number, got string "two"`,
    `${FILE}:13:7 stages.b.with.extra: unknown key "extra"`,
    `${FILE}:14:5 stages.b.bogus: unknown key "bogus"`,
  ]);
});

Deno.test("pipeline loader names a dependency cycle", () => {
  const text = `stages:
  a: { task: write, needs: [c], with: { text: hi } }
  b: { task: write, needs: [a], with: { text: hi } }
  c: { task: write, needs: [b], with: { text: hi } }
`;
  assert.deepEqual(errorsOf(text), [
    `${FILE}:2:28 stages.a.needs: dependency cycle: a → c → b → a`,
  ]);
});

Deno.test("pipeline loader checks references: in needs, known output, env set, well formed", () => {
  const text = `stages:
  a: { task: write, with: { text: hi } }
  b:
    task: double
    with: { n: "\${{ a.length }}" }
  e:
    task: write
    needs: [a]
    with: { text: "\${{ a.nope }} \${{ env.TOKEN }} \${{ bad }}" }
`;
  assert.deepEqual(errorsOf(text), [
    `${FILE}:5:16 stages.b.with.n: reference "\${{ a.length }}" names stage "a", which is not in needs`,
    `${FILE}:9:19 stages.e.with.text: invalid reference "\${{ bad }}": expected \${{ stage.output }} or \${{ env.NAME }}`,
    `${FILE}:9:19 stages.e.with.text: stage "a" has no output "nope" (it has: file, length)`,
    `${FILE}:9:19 stages.e.with.text: environment variable "TOKEN" is not set`,
  ]);
});

Deno.test("pipeline loader checks a reference's type statically when the output type is declared", () => {
  const text = `stages:
  a: { task: write, with: { text: hi } }
  ok: { task: double, needs: [a], with: { n: "\${{ a.length }}" } }
  bad: { task: double, needs: [a], with: { n: "\${{ a.file }}" } }
  text: { task: double, needs: [a], with: { n: "x\${{ a.length }}" } }
`;
  assert.deepEqual(errorsOf(text), [
    `${FILE}:4:47 stages.bad.with.n: expected a number`,
    `${FILE}:5:48 stages.text.with.n: expected a number`,
  ]);
});

Deno.test("pipeline loader leaves a reference of unknown type to run time", () => {
  const text = `stages:
  s: { task: svc }
  d: { task: double, needs: [s], with: { n: "\${{ s.port }}" } }
`;
  const p = parsePipeline(text, FILE, { registry: TEST_TASKS, env: {} });
  assert.deepEqual(p.order, ["s", "d"]);
});

Deno.test("pipeline loader applies --set overrides as YAML values and names the flag in errors", () => {
  const text = "stages:\n  a:\n    task: write\n    with: { text: hi }\n" +
    "  c:\n    task: concat\n    with: { parts: [x] }\n";
  const p = parsePipeline(text, FILE, {
    registry: TEST_TASKS,
    set: ["a.repeat=3", "c.parts=[y, 2]"],
    env: {},
  });
  assert.equal(p.stages.a.with.repeat, 3);
  assert.deepEqual(p.stages.c.with.parts, ["y", 2], "a list value replaces the list");
  assert.equal(p.stages.a.with.text, "hi", "untouched keys keep their value");
  assert.equal(p.name, "x");
  assert.deepEqual(errorsOf(text, ["a.repeat=[1,2]", "zz.x=1", "nodot"]), [
    `--set zz.x=1: unknown stage "zz"`,
    `--set nodot: expected stage.key=value`,
    `--set a.repeat=[1,2] stages.a.with.repeat: expected a number, got a list`,
  ]);
});

Deno.test("pipeline loader rejects an empty file and a stages value that is not a mapping", () => {
  assert.deepEqual(errorsOf(""), [`${FILE}: expected a mapping, got null`]);
  assert.deepEqual(errorsOf("stages: 3\n"), [`${FILE}:1:9 stages: expected a mapping of stages`]);
});
