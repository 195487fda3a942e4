/** @module The generated JSON Schema of pipeline files, and the committed copy being current. */
import assert from "node:assert/strict";
import { z } from "zod";
import { pipelineJsonSchema, pipelineJsonSchemaText } from "../../src/pipeline/json_schema.ts";
import { defineJob } from "../../src/pipeline/task.ts";
import { TASKS } from "../../tasks/mod.ts";
import { TEST_TASKS } from "./test_tasks.ts";

Deno.test("committed pipelines/pipeline.schema.json matches the schema built from tasks/mod.ts", async () => {
  const committed = await Deno.readTextFile(
    new URL("../../pipelines/pipeline.schema.json", import.meta.url),
  );
  assert.equal(committed, pipelineJsonSchemaText(TASKS), "out of date: run deno task schema");
});

Deno.test("pipeline JSON Schema applies each task's with: schema through if/then on task", () => {
  const schema = pipelineJsonSchema(TEST_TASKS) as {
    $defs: {
      stage: { properties: { task: { enum: string[] } }; allOf: { if: unknown; then: unknown }[] };
    };
  };
  const stage = schema.$defs.stage;
  assert.deepEqual(stage.properties.task.enum, Object.keys(TEST_TASKS).sort());
  const rule = stage.allOf.find((r) => JSON.stringify(r.if).includes('"double"')) as {
    then: {
      properties: {
        with: { anyOf: [{ properties: { n: { anyOf: { type: string }[] } } }, unknown] };
      };
    };
  };
  const n = rule.then.properties.with.anyOf[0].properties.n;
  assert.deepEqual(
    n.anyOf.map((s) => s.type),
    ["number", "string"],
    "a number or a ${{ }} reference",
  );
});

Deno.test("pipeline JSON Schema moves a task's own $defs to the root and rewrites its refs", () => {
  const Node: z.ZodType = z.lazy(() => z.object({ name: z.string(), kids: z.array(Node) }));
  const tree = defineJob({
    name: "tree",
    description: "t",
    kind: "job",
    schema: z.object({ root: Node }),
    run: () => Promise.resolve(),
  });
  const text = JSON.stringify(pipelineJsonSchema({ tree }));
  const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
  const defs = Object.keys((JSON.parse(text) as { $defs: object }).$defs);
  assert.ok(refs.length > 1, "the recursive schema uses $ref");
  for (const ref of refs) assert.ok(defs.includes(ref.replace("#/$defs/", "")), `${ref} resolves`);
});

Deno.test("pipeline JSON Schema knows matrix: a mapping whose keys are the task's with: fields", () => {
  const schema = pipelineJsonSchema(TEST_TASKS) as {
    $defs: {
      stage: {
        properties: { matrix: { type: string; minProperties: number } };
        allOf: { if: unknown; then: { properties: { matrix?: unknown } } }[];
      };
    };
  };
  const stage = schema.$defs.stage;
  assert.equal(stage.properties.matrix.type, "object");
  assert.equal(stage.properties.matrix.minProperties, 1);
  const rule = stage.allOf.find((r) => JSON.stringify(r.if).includes('"write"'))!;
  assert.deepEqual(rule.then.properties.matrix, {
    propertyNames: { enum: ["text", "name", "repeat"] },
  });
});
