/** @module `matrix:` on a stage as loaded: expansion order, job names, bindings, and every error at its line. */
import assert from "node:assert/strict";
import {
  type LoadedPipeline,
  parsePipeline,
  PipelineSpecError,
  toMermaid,
} from "../../src/pipeline/mod.ts";
import { valueLabel } from "../../src/pipeline/matrix.ts";
import { TEST_TASKS } from "./test_tasks.ts";

const FILE = "pipelines/m.yaml";

function load(text: string): LoadedPipeline {
  return parsePipeline(text, FILE, { registry: TEST_TASKS, env: {} });
}

function errorsOf(text: string): string[] {
  try {
    load(text);
  } catch (error) {
    if (error instanceof PipelineSpecError) return error.lines;
    throw error;
  }
  assert.fail("expected the pipeline to be rejected");
}

const SWEEP = `stages:
  w:
    task: write
    with: { name: out.txt }
    matrix:
      text: [a, b]
      repeat: [1, 2, 3]
`;

Deno.test("matrix expands into the cartesian product, first key slowest, named by its values", () => {
  const p = load(SWEEP);
  assert.deepEqual(p.order, [
    "w[text=a,repeat=1]",
    "w[text=a,repeat=2]",
    "w[text=a,repeat=3]",
    "w[text=b,repeat=1]",
    "w[text=b,repeat=2]",
    "w[text=b,repeat=3]",
  ]);
  assert.deepEqual(p.stages["w[text=b,repeat=2]"].with, { name: "out.txt", text: "b", repeat: 2 });
  assert.deepEqual(p.stages["w[text=b,repeat=2]"].matrix, [["text", "b"], ["repeat", "2"]]);
  assert.equal(p.stages["w[text=b,repeat=2]"].stage, "w");
  assert.deepEqual(p.groups.w.jobs.map((j) => j.name), p.order);
});

Deno.test("matrix keys follow the order written, not the with: schema's", () => {
  const p = load(`stages:
  w:
    task: write
    matrix: { repeat: [1, 2], text: [a] }
`);
  assert.deepEqual(p.order, ["w[repeat=1,text=a]", "w[repeat=2,text=a]"]);
});

Deno.test("matrix value names: scalars as written, { name, value } items, references, a hash for the rest", () => {
  assert.equal(valueLabel("llama-8b"), "llama-8b");
  assert.equal(valueLabel(4096), "4096");
  assert.equal(valueLabel(true), "true");
  assert.equal(valueLabel("${{ vllm.endpoint }}"), "vllm.endpoint");
  assert.match(valueLabel("http://10.0.0.1:8000/v1/chat/completions"), /^#[0-9a-f]{8}$/);
  assert.match(valueLabel([1, 2]), /^#[0-9a-f]{8}$/);
  assert.notEqual(valueLabel([1, 2]), valueLabel([1, 3]));
  const p = load(`stages:
  w:
    task: write
    matrix:
      text:
        - { name: short, value: "a very long text that would make a poor name" }
        - "http://x/y"
`);
  assert.deepEqual(p.order, ["w[text=short]", `w[text=${valueLabel("http://x/y")}]`]);
  assert.equal(p.stages["w[text=short]"].with.text, "a very long text that would make a poor name");
});

Deno.test("a secret param's matrix values are named by position or reference, never by value", () => {
  const p = parsePipeline(
    `stages:
  s:
    task: secret
    with: { model: m }
    matrix: { api_key: [sk-very-secret, "\${{ env.KEY_B }}"] }
`,
    FILE,
    { registry: TEST_TASKS, env: { KEY_B: "sk-other" } },
  );
  assert.deepEqual(p.order, ["s[api_key=#1]", "s[api_key=env.KEY_B]"]);
});

Deno.test("matrix over a matrixed stage runs once per upstream job, bound to it and named by its values", () => {
  const p = load(`stages:
  svc:
    task: svc
    matrix: { greeting: [hi, yo] }
  g:
    task: get
    needs: [svc]
    matrix: { url: "\${{ svc.url }}/x" }
  d:
    task: concat
    needs: [g, svc]
    matrix: { parts: ["\${{ g.body }}", "\${{ svc.port }}"] }
`);
  assert.deepEqual(p.order, [
    "svc[greeting=hi]",
    "svc[greeting=yo]",
    "g[greeting=hi]",
    "g[greeting=yo]",
    "d[greeting=hi]",
    "d[greeting=yo]",
  ]);
  assert.deepEqual(p.stages["g[greeting=yo]"].needs, ["svc[greeting=yo]"]);
  assert.equal(p.stages["g[greeting=yo]"].with.url, "${{ svc[greeting=yo].url }}/x");
  assert.deepEqual(p.stages["d[greeting=hi]"].needs, ["g[greeting=hi]", "svc[greeting=hi]"]);
  assert.deepEqual(p.stages["d[greeting=hi]"].with.parts, [
    "${{ g[greeting=hi].body }}",
    "${{ svc[greeting=hi].port }}",
  ]);
});

Deno.test("matrix over two matrixed stages keeps only the jobs bound to the same upstream job", () => {
  const p = load(`stages:
  svc:
    task: svc
    matrix: { greeting: [hi, yo] }
  g:
    task: get
    needs: [svc]
    matrix: { url: "\${{ svc.url }}/x" }
  d:
    task: concat
    needs: [svc, g]
    matrix: { sep: "\${{ svc.url }}", parts: ["\${{ g.body }}"], }
`);
  assert.deepEqual(p.groups.d.jobs.map((j) => j.name), ["d[greeting=hi]", "d[greeting=yo]"]);
});

Deno.test("a stage without a matrix needing a matrixed job needs all its jobs and reads a list", () => {
  const p = load(
    SWEEP + `  all:
    task: concat
    needs: [w]
    with: { parts: "\${{ w.file }}" }
  one:
    task: double
    needs: [w]
    with: { n: "\${{ w[text=b,repeat=3].length }}" }
  some:
    task: concat
    needs: ["w[text=a]"]
    with: { parts: "\${{ w[text=a].length }}" }
`,
  );
  assert.deepEqual(p.stages.all.needs, p.groups.w.jobs.map((j) => j.name));
  assert.deepEqual(p.stages.all.targets.w, { jobs: p.stages.all.needs, list: true });
  assert.deepEqual(p.stages.one.targets["w[text=b,repeat=3]"], {
    jobs: ["w[text=b,repeat=3]"],
    list: false,
  });
  assert.deepEqual(p.stages.some.needs, [
    "w[text=a,repeat=1]",
    "w[text=a,repeat=2]",
    "w[text=a,repeat=3]",
  ]);
  assert.equal(p.stages.some.targets["w[text=a]"].list, true);
});

Deno.test("matrix errors point at the matrix's own lines", () => {
  const text = `stages:
  w:
    task: write
    with: { text: a }
    matrix:
      text: [a, b]
      repeat: []
      colour: [red]
  v:
    task: write
    matrix:
      text: [a, b, a]
      repeat: [1, "x"]
  u:
    task: write
    matrix:
      text: [{ name: "x y", value: a }]
  e:
    task: write
    matrix: {}
`;
  assert.deepEqual(errorsOf(text), [
    `${FILE}:6:7 stages.w.matrix.text: "text" is also set in with: (set it in one of the two)`,
    `${FILE}:7:15 stages.w.matrix.repeat: empty list: the matrix expands to no jobs`,
    `${FILE}:8:7 stages.w.matrix.colour: "colour" is not a parameter of this task`,
    `${FILE}:12:20 stages.v.matrix.text.2: duplicate job name "v[text=a,repeat=1]" (item 0 is also named "a")`,
    `${FILE}:13:19 stages.v.matrix.repeat.1: expected a number, got string "x"`,
    `${FILE}:17:22 stages.u.matrix.text.0.name: invalid name "x y": use letters, digits and _ . + - : @ (at most 40)`,
    `${FILE}:20:13 stages.e.matrix: expected at least one key`,
  ]);
});

Deno.test("matrix errors: two values named alike, a bad matrix value, a selector that matches nothing", () => {
  const text = `stages:
  w:
    task: write
    matrix:
      text: [{ name: same, value: a }, { name: same, value: b }]
  d:
    task: double
    needs: [w]
    matrix:
      n: ["\${{ w[text=zz].length }}", "\${{ w[colour=a].length }}"]
  x:
    task: write
    needs: ["w[text=nope]"]
    with: { text: x }
  y:
    task: write
    matrix: 3
`;
  assert.deepEqual(errorsOf(text), [
    `${FILE}:5:48 stages.w.matrix.text.1.name: duplicate job name "w[text=same]" (item 0 is also named "same")`,
    `${FILE}:10:11 stages.d.matrix.n.0: reference "\${{ w[text=zz].length }}": no job matches "w[text=zz]" (jobs: w[text=same])`,
    `${FILE}:10:39 stages.d.matrix.n.1: reference "\${{ w[colour=a].length }}": the jobs of "w" have no key "colour" (keys: text)`,
    `${FILE}:13:13 stages.x.needs.0: no job matches "w[text=nope]" (jobs: w[text=same])`,
    `${FILE}:17:13 stages.y.matrix: expected a mapping of parameters to lists of values`,
  ]);
});

Deno.test("a job needing a matrixed service must matrix over it or name one job", () => {
  const text = `stages:
  svc:
    task: svc
    matrix: { greeting: [hi, yo] }
  g:
    task: get
    needs: [svc]
    with: { url: "\${{ svc.url }}/x" }
  ok:
    task: get
    needs: ["svc[greeting=yo]"]
    with: { url: "\${{ svc[greeting=yo].url }}/x" }
  wrong:
    task: get
    needs: ["svc[greeting=yo]"]
    with: { url: "\${{ svc[greeting=hi].url }}/x" }
  twice:
    task: svc
    needs: [svc]
    matrix: { health_path: "/\${{ svc.port }}", greeting: [hi, x] }
`;
  const hint =
    'is a service with a matrix: matrix over it (a matrix key set to "${{ svc.<export> }}") or name one job, e.g. "svc[greeting=hi]"';
  assert.deepEqual(errorsOf(text), [
    `${FILE}:7:13 stages.g.needs.0: stage "svc" ${hint}`,
    `${FILE}:8:18 stages.g.with.url: stage "svc" ${hint}`,
    `${FILE}:16:18 stages.wrong.with.url: reference "\${{ svc[greeting=hi].url }}" names job "svc[greeting=hi]", which is not in needs`,
    `${FILE}:20:58 stages.twice.matrix.greeting: key "greeting" would appear twice in the job names`,
  ]);
});

Deno.test("a list of a matrixed stage's outputs cannot be interpolated into text", () => {
  const text = SWEEP + `  t:
    task: write
    needs: [w]
    with: { text: "files: \${{ w.file }}" }
`;
  assert.deepEqual(errorsOf(text), [
    `${FILE}:11:19 stages.t.with.text: reference "\${{ w.file }}" gives a list (stage "w" has a matrix): use it as the whole value, or name one job`,
  ]);
});

Deno.test("a list of a matrixed stage's outputs is type-checked as a list before running", () => {
  const text = SWEEP + `  d:
    task: double
    needs: [w]
    with: { n: "\${{ w.length }}" }
`;
  assert.deepEqual(errorsOf(text), [`${FILE}:11:16 stages.d.with.n: expected a number`]);
});

Deno.test("--graph draws a matrixed stage as a box of its jobs", () => {
  const p = load(`stages:
  w:
    task: write
    matrix: { text: [a, b] }
  all:
    task: concat
    needs: [w]
    with: { parts: "\${{ w.file }}" }
`);
  assert.equal(
    toMermaid(p),
    `flowchart LR
  subgraph w_matrix ["w (matrix: 2 jobs)"]
    w_text_a_["w[text=a]<br/><i>write</i>"]
    w_text_b_["w[text=b]<br/><i>write</i>"]
  end
  all["all<br/><i>concat</i>"]
  w_text_a_ --> all
  w_text_b_ --> all
`,
  );
});

Deno.test("the README's matrix example loads with the real tasks into the jobs it names", async () => {
  const { TASKS } = await import("../../tasks/mod.ts");
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const section = readme.slice(readme.indexOf("### Matrix: one stage, many jobs"));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1];
  const p = parsePipeline(yaml, "README.md", { registry: TASKS, env: {} });
  assert.deepEqual(p.groups.sweep.jobs.map((j) => j.name), [
    "sweep[preset=fast,max_context_tokens=2048]",
    "sweep[preset=fast,max_context_tokens=4096]",
    "sweep[preset=llama-8b-h100,max_context_tokens=2048]",
    "sweep[preset=llama-8b-h100,max_context_tokens=4096]",
  ]);
  assert.equal(p.groups.report.jobs.length, 4);
  const job = p.stages["sweep[preset=fast,max_context_tokens=2048]"];
  assert.deepEqual(job.needs, ["sessions", "mock[preset=fast]"]);
  assert.equal(job.with.reset_cache_url, "${{ mock[preset=fast].reset_url }}");
  assert.deepEqual(p.stages.fast.needs, ["sweep[preset=fast,max_context_tokens=4096]"]);
});
