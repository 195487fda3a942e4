/** @module Renders the report as one self-contained HTML file (`report.html`) that opens offline. */
import type { ChartSpec } from "../charts/chart.ts";
import { buildCharts, type BuiltChart } from "../charts/registry.ts";
import type { ReportModel } from "../model/model.ts";
import { cellText, type Table } from "../tables/table.ts";
import { chartJsSource } from "./assets.ts";
import { escapeHtml, inlineScript, jsonForScript } from "./escape.ts";
import { drawCharts } from "./html_client.ts";
import { PAGE_CSS } from "./html_style.ts";
import {
  overview,
  partialWarning,
  reportSections,
  type Section,
  truthBanners,
} from "./sections.ts";

/** Renders a table as HTML, every text escaped. */
export function htmlTable(t: Table): string {
  const cls = (i: number) => (t.left.includes(i) ? "l" : "r");
  const head = t.headers.map((h, i) => `<th class="${cls(i)}">${escapeHtml(h)}</th>`).join("");
  const body = t.rows.map((row) =>
    `<tr>${
      row.map((c, i) => {
        const tone = typeof c === "string" ? "" : ` ${c.tone}`;
        return `<td class="${cls(i)}${tone}">${escapeHtml(cellText(c))}</td>`;
      }).join("")
    }</tr>`
  ).join("\n");
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

const folded = (summary: string, body: string) =>
  `<details><summary>${escapeHtml(summary)}</summary>${body}</details>`;

/** A chart with the id of the section it is drawn in (the compare page's sections are its own). */
export type PlacedChart = Pick<BuiltChart, "spec"> & { section: string };

/** The charts drawn in a section: those whose module names it, in page order. */
function sectionCharts(s: Section, charts: readonly PlacedChart[]): ChartSpec[] {
  return charts.filter((c) => c.section === s.id).map((c) => c.spec);
}

/** Renders one section: lead, its charts, tables, items and notes; "" when it has nothing. */
export function renderSection(s: Section, built: readonly PlacedChart[]): string {
  const charts = sectionCharts(s, built).map((c) =>
    `<figure class="chart"><canvas id="${escapeHtml(c.id)}" role="img" aria-label="${
      escapeHtml(c.title)
    }"></canvas></figure>`
  );
  const tables = s.tables.map(htmlTable).join("\n");
  const parts = [
    s.lead ? `<p class="lead">${escapeHtml(s.lead)}</p>` : "",
    charts.length ? `<div class="grid">${charts.join("\n")}</div>` : "",
    s.foldTables && tables ? folded(s.foldTables, tables) : tables,
    s.items?.length ? `<ul>${s.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>` : "",
    s.note && (tables || charts.length) ? `<p class="note">${escapeHtml(s.note)}</p>` : "",
    s.more ? folded(s.more.summary, htmlTable(s.more.table)) : "",
  ].filter(Boolean);
  if (!charts.length && !tables && !s.lead && !s.items?.length) return "";
  return `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>\n${
    parts.join("\n")
  }\n</section>`;
}

function banners(m: ReportModel): string {
  const out: string[] = [];
  const warning = partialWarning(m);
  if (warning) {
    out.push(`<div class="banner warn" role="alert">⚠ ${escapeHtml(warning)}</div>`);
  }
  for (const w of truthBanners(m)) {
    out.push(`<div class="banner warn" role="alert">⚠ ${escapeHtml(w)}</div>`);
  }
  const b = m.baseline;
  const lead = reportSections(m).find((s) => s.id === "baseline")?.lead;
  if (b && lead) {
    const bad = b.regressions > 0;
    out.push(
      `<div class="banner ${bad ? "bad" : "good"}" role="status">${bad ? "✗" : "✓"} ${
        escapeHtml(lead)
      }</div>`,
    );
  }
  return out.join("\n");
}

/**
 * Renders the whole report as one HTML page: the tables, and charts drawn by chart.js, which is
 * inlined from the pinned npm package (no network needed); all user-provided text is escaped.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("report.html", await renderHtml(model));
 * ```
 */
export function renderHtml(m: ReportModel): Promise<string> {
  return htmlPage({
    title: m.title,
    overview: overview(m),
    banners: banners(m),
    sections: reportSections(m),
    charts: buildCharts(m),
  });
}

/** What one page of the report's kind holds (the report, the compare report). */
export interface HtmlPage {
  title: string;
  /** One sentence under the title. */
  overview: string;
  /** HTML of the banners under the header (already escaped). */
  banners: string;
  sections: readonly Section[];
  charts: readonly PlacedChart[];
}

/**
 * The page shell shared by report.html and compare.html: header, banners, a nav of the sections
 * that have something to show, the sections with their charts, and chart.js inlined with the
 * script that draws every chart spec.
 *
 * @example
 * ```ts
 * await htmlPage({ title, overview: "…", banners: "", sections, charts });
 * ```
 */
export async function htmlPage(p: HtmlPage): Promise<string> {
  const specs = p.charts.map((c) => c.spec);
  const sections = p.sections
    .map((s) => ({ s, html: renderSection(s, p.charts) }))
    .filter((x) => x.html);
  const nav = sections.map(({ s }) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(p.title)}</h1><p class="overview">${escapeHtml(p.overview)}</p></header>
${p.banners}
<nav>${nav.join(" · ")}</nav>
${sections.map((x) => x.html).join("\n")}
<script type="application/json" id="report-data">${jsonForScript(specs)}</script>
<script>${inlineScript(await chartJsSource())}</script>
<script>(${
    inlineScript(drawCharts.toString())
  })(JSON.parse(document.getElementById("report-data").textContent), window.Chart, document, function (drawn) { window.__turnbenchCharts = drawn; });</script>
</body>
</html>
`;
}
