/** @module The JSON Schema of pipeline files, generated from the zod schemas of the spec and of every task. */
import { z } from "zod";
import type { Task } from "./task.ts";
import { prettyJson } from "../io/json_file.ts";

type Json = Record<string, unknown>;

/** A string holding a `${{ … }}` reference: accepted wherever a value is expected. */
const REF_STRING: Json = {
  type: "string",
  pattern: "\\$\\{\\{.*\\}\\}",
  description: "A reference: ${{ stage.output }} or ${{ env.NAME }}",
};

const SCALAR = new Set(["number", "integer", "boolean", "null", "string"]);

/** Lets every scalar (or constrained string) in a schema also be a reference string. */
function allowRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowRefs);
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = ["properties", "$defs", "definitions", "patternProperties"].includes(k) && v &&
        typeof v === "object"
      ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, allowRefs(s)]))
      : ["items", "additionalProperties", "anyOf", "oneOf", "allOf", "prefixItems", "not"]
          .includes(k)
      ? allowRefs(v)
      : v;
  }
  const type = out.type;
  const scalar = typeof type === "string" && SCALAR.has(type);
  const plainString = type === "string" &&
    Object.keys(out).every((k) => ["type", "description", "default", "title"].includes(k));
  if ((scalar && !plainString) || "enum" in out || "const" in out) {
    const { default: def, description, ...rest } = out;
    return {
      ...(description ? { description } : {}),
      ...(def !== undefined ? { default: def } : {}),
      anyOf: [rest, REF_STRING],
    };
  }
  return out;
}

/** The `with:` schema of one task (input side: fields with defaults are optional). */
export function withSchema(task: Task): Json {
  const schema = z.toJSONSchema(task.schema, { io: "input", unrepresentable: "any" }) as Json;
  delete schema.$schema;
  return allowRefs(schema) as Json;
}

/**
 * Builds the JSON Schema of a pipeline file: the top level, and for each stage a `task` enum plus
 * an if/then per task that applies that task's `with:` schema.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("pipelines/pipeline.schema.json", JSON.stringify(pipelineJsonSchema(TASKS), null, 2));
 * ```
 */
export function pipelineJsonSchema(registry: Record<string, Task>): Json {
  const names = Object.keys(registry).sort();
  const defs: Json = {};
  const withs = Object.fromEntries(
    names.map((n) => [n, hoistDefs(n, withSchema(registry[n]), defs)]),
  );
  const stage: Json = {
    type: "object",
    additionalProperties: false,
    required: ["task"],
    properties: {
      task: { type: "string", enum: names, description: "The task this stage runs" },
      with: { type: ["object", "null"], description: "Parameters, checked by the task's schema" },
      needs: {
        type: ["array", "null"],
        items: { type: "string" },
        description: "Stages this one needs (or jobs of a matrix: sweep[endpoint=b])",
      },
      matrix: {
        type: "object",
        minProperties: 1,
        description:
          "One job per combination of values (first key slowest), named stage[key=value,…]. A key names a with: field; its value is a list of values ({ name, value } for a short name), or refers to a matrixed stage to run once per job of it",
        additionalProperties: { not: { type: "array", maxItems: 0 } },
      },
    },
    allOf: names.map((n) => ({
      if: { properties: { task: { const: n } }, required: ["task"] },
      then: {
        properties: {
          with: { anyOf: [withs[n], { type: "null" }] },
          ...matrixKeys(withs[n]),
        },
      },
    })),
  };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://turnbench.dev/pipeline.schema.json",
    title: "turnbench pipeline",
    type: "object",
    additionalProperties: false,
    required: ["stages"],
    properties: {
      name: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_-]*$" },
      description: { type: "string" },
      stages: {
        type: "object",
        propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_-]*$", not: { const: "env" } },
        additionalProperties: { $ref: "#/$defs/stage" },
      },
    },
    $defs: { stage, ...defs },
  };
}

/** `matrix:` keys limited to the fields of a task's `with:` schema (when it has properties). */
function matrixKeys(withJson: Json): Json {
  const props = withJson.properties as Json | undefined;
  return props ? { matrix: { propertyNames: { enum: Object.keys(props) } } } : {};
}

/** Moves a task schema's `$defs` to the root under `<task>.<name>`, rewriting its `$ref`s. */
function hoistDefs(task: string, schema: Json, defs: Json): Json {
  const own = schema.$defs as Json | undefined;
  if (!own) return schema;
  delete schema.$defs;
  let text = JSON.stringify({ schema, own });
  for (const name of Object.keys(own)) {
    text = text.replaceAll(
      JSON.stringify(`#/$defs/${name}`),
      JSON.stringify(`#/$defs/${task}.${name}`),
    );
  }
  const moved = JSON.parse(text) as { schema: Json; own: Json };
  for (const [name, def] of Object.entries(moved.own)) defs[`${task}.${name}`] = def;
  return moved.schema;
}

/** The schema as the committed file's text (2-space JSON, trailing newline). */
export function pipelineJsonSchemaText(registry: Record<string, Task>): string {
  return prettyJson(pipelineJsonSchema(registry));
}
