/** @module Writes a compare report's three files into a folder: compare.md, compare.html, compare.json. */
import { join, resolve } from "node:path";
import { writeTextAtomically } from "../io/atomic_write.ts";
import { prettyJson } from "../io/json_file.ts";
import { UserError } from "../util/errors.ts";
import { buildCompareModel, type CompareModel, type CompareOptions } from "./model.ts";
import { renderCompareHtml } from "./render/html.ts";
import { compareJson } from "./render/json.ts";
import { renderCompareMarkdown } from "./render/markdown.ts";

/** The compare report's file names inside its output folder. */
export const COMPARE_FILES = {
  markdown: "compare.md",
  html: "compare.html",
  json: "compare.json",
} as const;

/** What {@link writeCompare} did. */
export interface WrittenCompare {
  model: CompareModel;
  /** Absolute paths of the files written, by kind. */
  files: Record<keyof typeof COMPARE_FILES, string>;
}

/**
 * Builds the comparison and writes its files into `outDir` (each atomically).
 *
 * @throws {UserError} on bad inputs, or when `outDir` is one of the results folders
 * @example
 * ```ts
 * await writeCompare({ results: ["runs/a", "runs/b"] }, "runs/a-vs-b");
 * ```
 */
export async function writeCompare(o: CompareOptions, outDir: string): Promise<WrittenCompare> {
  if (o.results.some((r) => resolve(r) === resolve(outDir))) {
    throw new UserError(
      `Cannot write the comparison into the results folder "${outDir}": choose another --out`,
      { exitCode: 2 },
    );
  }
  const model = await buildCompareModel(o);
  await Deno.mkdir(outDir, { recursive: true });
  const files = Object.fromEntries(
    Object.entries(COMPARE_FILES).map(([k, name]) => [k, resolve(join(outDir, name))]),
  ) as WrittenCompare["files"];
  await writeTextAtomically(files.markdown, renderCompareMarkdown(model));
  await writeTextAtomically(files.html, await renderCompareHtml(model));
  await writeTextAtomically(files.json, prettyJson(compareJson(model)));
  return { model, files };
}
