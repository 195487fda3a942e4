/** @module `deno task schema`: writes pipelines/pipeline.schema.json from the task registry. */
import { Command } from "commander";
import { writeTextAtomically } from "../io/atomic_write.ts";
import { parseCommand } from "./flags.ts";
import { runMain } from "./run_main.ts";

/** Where the committed pipeline JSON Schema lives. */
export const SCHEMA_FILE = "pipelines/pipeline.schema.json";

/**
 * Writes (or with `--check`, compares) the pipeline JSON Schema built from `tasks/mod.ts`.
 *
 * @returns 0, or 1 when `--check` finds the file out of date (a bad flag throws with code 2)
 */
export async function schemaMain(argv: string[]): Promise<number> {
  const program = new Command("schema")
    .description("Generate the JSON Schema of pipeline files from the task registry")
    .option("-o, --out <file>", "output file", SCHEMA_FILE)
    .option("--check", "only check that the file is up to date");
  if (!parseCommand(program, argv)) return 0;
  const { out, check } = program.opts<{ out: string; check?: boolean }>();
  const { TASKS } = await import("../../tasks/mod.ts");
  const { pipelineJsonSchemaText } = await import("../pipeline/json_schema.ts");
  const text = pipelineJsonSchemaText(TASKS);
  if (check) {
    const current = await Deno.readTextFile(out).catch(() => "");
    if (current === text) return 0;
    console.error(`${out} is out of date: run deno task schema`);
    return 1;
  }
  await writeTextAtomically(out, text);
  console.error(`wrote ${out} (${Object.keys(TASKS).length} tasks)`);
  return 0;
}

if (import.meta.main) await runMain(() => schemaMain(Deno.args));
