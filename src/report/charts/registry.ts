/**
 * @module Every chart of report.html, in page order. A chart exists on the page only if its
 * module is listed here; tests/report/charts_test.ts holds the list of ids and sections, so a
 * chart renamed, moved or dropped fails a test.
 */
import type { ReportModel } from "../model/model.ts";
import { cacheHitChart } from "./cache_hit.ts";
import type { ChartSection, ChartSpec, ReportChart } from "./chart.ts";
import { e2eChart } from "./e2e.ts";
import { goodputChart } from "./goodput.ts";
import { sloAttainmentChart } from "./slo_attainment.ts";
import { sloTargetsChart } from "./slo_targets.ts";
import { itlChart } from "./itl.ts";
import { metricCharts } from "./metrics.ts";
import { perTurnChart } from "./per_turn.ts";
import { throughputChart } from "./throughput.ts";
import { tpotChart } from "./tpot.ts";
import { ttftChart } from "./ttft.ts";
import { ttftCdfChart } from "./ttft_cdf.ts";
import { ttftContextChart } from "./ttft_context.ts";

/** The chart modules, in the order their charts are embedded in the page. */
export const CHARTS: readonly ReportChart[] = [
  sloAttainmentChart,
  goodputChart,
  sloTargetsChart,
  ttftChart,
  itlChart,
  tpotChart,
  e2eChart,
  throughputChart,
  ttftCdfChart,
  ttftContextChart,
  cacheHitChart,
  perTurnChart,
  metricCharts,
];

/** A chart built for a report, with the section it belongs to. */
export interface BuiltChart {
  section: ChartSection;
  spec: ChartSpec;
}

/**
 * Builds every chart with data to draw (a chart whose series are all empty is left out).
 *
 * @param charts the chart modules; default {@link CHARTS}
 * @throws {Error} when a module builds a chart whose id is not its own (`<id>`, or `<id>-<n>`
 *   for a family): a programming error, caught by the tests
 * @example
 * ```ts
 * const charts = buildCharts(model); // specs embedded as JSON in report.html
 * ```
 */
export function buildCharts(
  m: ReportModel,
  charts: readonly ReportChart[] = CHARTS,
): BuiltChart[] {
  return charts.flatMap((chart) =>
    [chart.build(m)].flat().map((spec) => {
      if (spec.id !== chart.id && !spec.id.startsWith(`${chart.id}-`)) {
        throw new Error(`Chart module "${chart.id}" built a chart with another id "${spec.id}"`);
      }
      return { section: chart.section, spec };
    })
  ).filter(({ spec }) => spec.series.some((s) => s.data.some((d) => d !== null)));
}

/**
 * The specs of every chart with data to draw, in page order.
 *
 * @example
 * ```ts
 * chartSpecs(model).map((c) => c.id); // ["chart-ttft", "chart-itl", …]
 * ```
 */
export function chartSpecs(m: ReportModel): ChartSpec[] {
  return buildCharts(m).map((c) => c.spec);
}
