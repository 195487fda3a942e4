/**
 * @module The charts of report.html: the registry lists every chart module under its agreed id and
 * section, and the page (read as text, no browser) has a canvas for each chart, in its section.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { ReportChart } from "../../../src/report/charts/chart.ts";
import { buildCharts, CHARTS } from "../../../src/report/charts/registry.ts";
import { buildModel } from "../../../src/report/model/model.ts";
import { renderHtml } from "../../../src/report/render/html.ts";
import { reportSections } from "../../../src/report/render/sections.ts";
import { BASELINE, RESULTS } from "../helpers.ts";

/** The charts of the page: rename, move or drop one and this list must change with it. */
const EXPECTED: Array<[id: string, section: string]> = [
  ["chart-slo-attainment", "slo"],
  ["chart-goodput", "slo"],
  ["chart-slo-targets", "slo"],
  ["chart-ttft", "latency"],
  ["chart-itl", "latency"],
  ["chart-tpot", "latency"],
  ["chart-e2e", "latency"],
  ["chart-throughput", "cache"],
  ["chart-ttft-cdf", "ttft"],
  ["chart-ttft-context", "ttft"],
  ["chart-cache", "cache"],
  ["chart-per-turn", "turns"],
  ["chart-metric", "scraped"],
];

/** Charts that need an SLO: the fixture sweep has none (tests/report/charts/slo_test.ts draws them). */
const NEEDS_SLO = new Set(["chart-slo-attainment", "chart-goodput", "chart-slo-targets"]);
const FIXTURE_CHARTS = EXPECTED.filter(([id]) => !NEEDS_SLO.has(id));

/** The scraped metrics of the fixture sweep that change over its runs (one chart each). */
const FIXTURE_METRIC_CHARTS = 6;

const CHARTS_DIR = fileURLToPath(new URL("../../../src/report/charts/", import.meta.url));

/** Section id → canvas ids in it, in page order, read from the HTML text. */
function canvasesBySection(html: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [, id, body] of html.matchAll(/<section id="([^"]+)">([\s\S]*?)<\/section>/g)) {
    out.set(id, [...body.matchAll(/<canvas id="([^"]+)"/g)].map((m) => m[1]));
  }
  return out;
}

/** The chart ids in the page's embedded data, in order. */
function dataIds(html: string): string[] {
  const json = html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s);
  assert.ok(json, "the page embeds its chart data");
  return (JSON.parse(json[1]) as Array<{ id: string }>).map((c) => c.id);
}

Deno.test("the chart registry lists every chart under its agreed id and section", () => {
  assert.deepEqual(CHARTS.map((c) => [c.id, c.section]), EXPECTED);
});

Deno.test("every chart module in src/report/charts is in the registry", async () => {
  for await (const e of Deno.readDir(CHARTS_DIR)) {
    if (!e.name.endsWith(".ts")) continue;
    const mod = await import(`${CHARTS_DIR}${e.name}`) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      const chart = value as Partial<ReportChart> | null;
      if (typeof chart?.build !== "function" || typeof chart.id !== "string") continue;
      assert.ok(CHARTS.includes(chart as ReportChart), `${e.name}: ${name} is not in CHARTS`);
    }
  }
});

Deno.test("every chart of the fixture sweep has data and a section the page renders", async () => {
  const model = await buildModel({ results: RESULTS, baseline: BASELINE });
  const built = buildCharts(model);
  const sections = new Set(reportSections(model).map((s) => s.id));
  for (const [id, section] of FIXTURE_CHARTS) {
    assert.ok(sections.has(section), `section "${section}" of ${id} is on the page`);
    assert.ok(
      built.some((c) => c.spec.id === id || c.spec.id.startsWith(`${id}-`)),
      `${id} drew nothing`,
    );
  }
  const metrics = built.filter((c) => c.spec.id.startsWith("chart-metric-")).map((c) => c.spec.id);
  assert.deepEqual(
    metrics,
    Array.from({ length: FIXTURE_METRIC_CHARTS }, (_, i) => `chart-metric-${i}`),
  );
});

Deno.test("report html has one canvas per chart, in the chart's section, and no other", async () => {
  const model = await buildModel({ results: RESULTS, baseline: BASELINE });
  const html = await renderHtml(model);
  const bySection = canvasesBySection(html);
  const canvases = [...bySection.values()].flat();
  assert.equal(html.match(/<canvas /g)?.length, canvases.length, "every canvas is in a section");
  const ids = dataIds(html);
  assert.deepEqual([...canvases].sort(), [...ids].sort(), "canvases and chart data agree");
  const expectedIds = FIXTURE_CHARTS.flatMap(([id]) =>
    id === "chart-metric"
      ? Array.from({ length: FIXTURE_METRIC_CHARTS }, (_, i) => `${id}-${i}`)
      : [id]
  );
  assert.deepEqual(ids, expectedIds);
  for (const [id, section] of FIXTURE_CHARTS) {
    const mine = (bySection.get(section) ?? []).filter((c) => c === id || c.startsWith(`${id}-`));
    assert.ok(mine.length > 0, `${id} is drawn in section "${section}"`);
  }
});

Deno.test("a chart module that builds a chart under another id is refused", async () => {
  const model = await buildModel({ results: RESULTS });
  const ttft = CHARTS.find((c) => c.id === "chart-ttft")!;
  const renamed: ReportChart = {
    ...ttft,
    build: (m) => ({ ...[ttft.build(m)].flat()[0], id: "chart-x" }),
  };
  assert.throws(
    () => buildCharts(model, [renamed]),
    { message: `Chart module "chart-ttft" built a chart with another id "chart-x"` },
  );
  const family: ReportChart = {
    ...CHARTS.find((c) => c.id === "chart-metric")!,
    id: "chart-metrics",
  };
  assert.throws(() => buildCharts(model, [family]), /another id "chart-metric-0"/);
});
