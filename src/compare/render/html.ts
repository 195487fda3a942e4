/**
 * @module Renders the compare report as one offline HTML page (`compare.html`) through the
 * report's page shell: the same sections, tables, chart.js inlined, overlaid charts.
 */
import { escapeHtml } from "../../report/render/escape.ts";
import { htmlPage } from "../../report/render/html.ts";
import { buildCompareCharts } from "../charts/registry.ts";
import type { CompareModel } from "../model.ts";
import { compareOverview, compareSections, headline } from "../sections.ts";

function banners(m: CompareModel): string {
  const worse = m.groups.some((g) =>
    g.against.some((a) => a.figures.some((f) => f.verdict === "worse"))
  );
  const out = m.warnings.map((w) =>
    `<div class="banner warn" role="alert">⚠ ${escapeHtml(w)}</div>`
  );
  out.push(
    `<div class="banner ${worse ? "bad" : "good"}" role="status">${worse ? "✗" : "✓"} ${
      escapeHtml(headline(m))
    }</div>`,
  );
  return out.join("\n");
}

/**
 * Renders the comparison as one HTML page (charts drawn by the report's page script).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("compare.html", await renderCompareHtml(model));
 * ```
 */
export function renderCompareHtml(m: CompareModel): Promise<string> {
  return htmlPage({
    title: m.title,
    overview: compareOverview(m),
    banners: banners(m),
    sections: compareSections(m).filter((s) => s.id !== "warnings"),
    charts: buildCompareCharts(m),
  });
}
