/** @module Renders the report as Markdown (`report.md`). */
import type { ReportModel } from "../model/model.ts";
import { cellText, type Table } from "../tables/table.ts";
import {
  overview,
  partialWarning,
  reportSections,
  type Section,
  truthBanners,
} from "./sections.ts";

/** Escapes text for a Markdown table cell or paragraph (pipes, markup, HTML, newlines). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*[\]|]/g, (c) => `\\${c}`)
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, " ");
}

/** Renders a table as GitHub-flavoured Markdown. */
export function markdownTable(t: Table): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const rule = t.headers.map((_, i) => (t.left.includes(i) ? ":---" : "---:"));
  return [
    line(t.headers.map(escapeMarkdown)),
    line(rule),
    ...t.rows.map((r) => line(r.map((c) => escapeMarkdown(cellText(c))))),
  ].join("\n");
}

/**
 * Renders the whole report as Markdown: the same sections as the HTML, without the charts.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("report.md", renderMarkdown(await buildModel({ results: "runs/x" })));
 * ```
 */
export function renderMarkdown(m: ReportModel): string {
  const out: string[] = [`# ${escapeMarkdown(m.title)}`];
  const warning = partialWarning(m);
  if (warning) out.push(`> **⚠ ${escapeMarkdown(warning)}**`);
  for (const w of truthBanners(m)) out.push(`> **⚠ ${escapeMarkdown(w)}**`);
  out.push(escapeMarkdown(overview(m)));
  out.push(...markdownSections(reportSections(m)));
  return out.join("\n\n") + "\n";
}

/**
 * The blocks of the sections that have something to show (heading, lead, tables, items, note),
 * to be joined by blank lines; shared with the compare report.
 *
 * @example
 * ```ts
 * [`# ${title}`, ...markdownSections(sections)].join("\n\n");
 * ```
 */
export function markdownSections(sections: readonly Section[]): string[] {
  const out: string[] = [];
  for (const s of sections) {
    if (!s.lead && s.tables.length === 0 && !s.items?.length) continue;
    out.push(`## ${escapeMarkdown(s.title)}`);
    if (s.lead) out.push(`**${escapeMarkdown(s.lead)}**`);
    out.push(...s.tables.map(markdownTable));
    if (s.items?.length) out.push(s.items.map((i) => `- ${escapeMarkdown(i)}`).join("\n"));
    if (s.note) out.push(escapeMarkdown(s.note));
  }
  return out;
}
