/** @module Writes a report's four files into a folder: report.md, report.html, summary.csv/.json. */
import { join, resolve } from "node:path";
import { writeTextAtomically } from "../io/atomic_write.ts";
import { prettyJson } from "../io/json_file.ts";
import { UserError } from "../util/errors.ts";
import { buildModel, type ReportModel, type ReportOptions } from "./model/model.ts";
import { renderHtml } from "./render/html.ts";
import { renderMarkdown } from "./render/markdown.ts";
import { renderCsv, reportJson } from "./render/tabular.ts";

/** The report's file names inside its output folder. */
export const REPORT_FILES = {
  markdown: "report.md",
  html: "report.html",
  csv: "summary.csv",
  json: "summary.json",
} as const;

/** What {@link writeReport} did. */
export interface WrittenReport {
  model: ReportModel;
  /** Absolute paths of the files written, by kind. */
  files: Record<keyof typeof REPORT_FILES, string>;
  /** Metrics flagged against the baseline (0 without a baseline). */
  regressions: number;
}

/**
 * Builds the report of a results folder and writes its files into `outDir` (each atomically).
 *
 * @throws {UserError} on bad inputs, or when `outDir` is the results folder itself (its
 *   summary.json would be overwritten)
 * @example
 * ```ts
 * const { regressions } = await writeReport({ results: "runs/today", baseline: "runs/old" }, "out");
 * ```
 */
export async function writeReport(opts: ReportOptions, outDir: string): Promise<WrittenReport> {
  if (resolve(outDir) === resolve(opts.results)) {
    throw new UserError(
      `Cannot write the report into the results folder "${opts.results}": choose another --out`,
    );
  }
  const model = await buildModel(opts);
  await Deno.mkdir(outDir, { recursive: true });
  const files = Object.fromEntries(
    Object.entries(REPORT_FILES).map(([k, name]) => [k, resolve(join(outDir, name))]),
  ) as WrittenReport["files"];
  await writeTextAtomically(files.markdown, renderMarkdown(model));
  await writeTextAtomically(files.html, await renderHtml(model));
  await writeTextAtomically(files.csv, renderCsv(model.rows));
  await writeTextAtomically(files.json, prettyJson(reportJson(model)));
  return { model, files, regressions: model.baseline?.regressions ?? 0 };
}
