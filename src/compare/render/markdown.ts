/** @module Renders the compare report as Markdown (`compare.md`) with the report's section layout. */
import { escapeMarkdown, markdownSections } from "../../report/render/markdown.ts";
import type { CompareModel } from "../model.ts";
import { compareOverview, compareSections } from "../sections.ts";

/**
 * Renders the comparison as Markdown: the same sections as the HTML, without the charts.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("compare.md", renderCompareMarkdown(model));
 * ```
 */
export function renderCompareMarkdown(m: CompareModel): string {
  const out = [`# ${escapeMarkdown(m.title)}`];
  for (const w of m.warnings) out.push(`> **⚠ ${escapeMarkdown(w)}**`);
  out.push(escapeMarkdown(compareOverview(m)));
  out.push(...markdownSections(compareSections(m).filter((s) => s.id !== "warnings")));
  return out.join("\n\n") + "\n";
}
