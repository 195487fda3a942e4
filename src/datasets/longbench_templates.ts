/** @module LongBench prompt templates: LongBench's own defaults, overrides from a file, filling. */
import { UserError } from "../util/errors.ts";
import defaults from "./longbench_prompts.json" with { type: "json" };

/** Templates by dataset name; `*` applies to every dataset without its own. */
export type Templates = Record<string, string>;

/** LongBench's templates for its datasets (English and Chinese). */
export const DEFAULT_TEMPLATES: Readonly<Templates> = defaults;

/**
 * Reads template overrides: a JSON object `{ "<dataset>": "<template>" }` (in the form of
 * LongBench's dataset2prompt.json), or any other text as the one template for every dataset.
 * Templates use `{context}` and `{input}` (and any other field of a sample).
 *
 * @param path the template file
 * @throws {UserError} when the file cannot be read or a template has no `{context}`
 */
export async function loadTemplates(path: string): Promise<Templates> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new UserError(`Cannot read template file "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const templates: Templates = {};
  if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value !== "string") {
        throw new UserError(`Cannot use template file "${path}": "${name}" is not a string`);
      }
      templates[name] = value;
    }
  } else templates["*"] = text;
  for (const [name, template] of Object.entries(templates)) {
    if (!template.includes("{context}")) {
      const which = name === "*" ? "the template" : `the template for "${name}"`;
      throw new UserError(`Cannot use template file "${path}": ${which} has no {context}`);
    }
  }
  return templates;
}

/**
 * Picks the template for a dataset: an override, else LongBench's; a LongBench-E name
 * (`qasper_e`) falls back to its base dataset's template.
 *
 * @returns the key used and the template
 * @throws {UserError} when no template fits
 */
export function templateFor(dataset: string, overrides: Templates = {}): [string, string] {
  const base = dataset.replace(/_e$/, "");
  for (
    const [source, key] of [
      [overrides, dataset],
      [overrides, base],
      [overrides, "*"],
      [DEFAULT_TEMPLATES, dataset],
      [DEFAULT_TEMPLATES, base],
    ] as const
  ) {
    if (Object.hasOwn(source, key)) return [key, source[key]];
  }
  throw new UserError(
    `No prompt template for LongBench dataset "${dataset}": give one with --template-file`,
  );
}

/** Fills `{name}` placeholders from `fields` in one pass; unknown placeholders stay as written. */
export function fillTemplate(template: string, fields: Record<string, string>): string {
  return template.replace(
    /\{(\w+)\}/g,
    (whole, name) => Object.hasOwn(fields, name) ? fields[name] : whole,
  );
}

/**
 * The template for a later question on the same document: the part after `{context}` (the
 * question in the dataset's style); when that part has no `{input}`, the bare question if there
 * is one, else that part as it is (e.g. a repeated summary request).
 *
 * @param template the dataset's template
 * @param hasInput whether the sample has a non-blank `input`
 */
export function followUpTemplate(template: string, hasInput: boolean): string {
  const at = template.indexOf("{context}");
  const tail = at === -1 ? template : template.slice(at + "{context}".length).trimStart();
  return tail.includes("{input}") || !hasInput ? tail : "{input}";
}
