/**
 * @module Every chart of compare.html, in page order; tests/compare/charts_test.ts holds the list
 * of ids and sections. Built like the report's registry: a chart with nothing to draw is left out.
 */
import type { CompareModel } from "../model.ts";
import { byLoadCharts } from "./by_load.ts";
import { changeCharts } from "./changes.ts";
import type { ChartSpec, CompareChart, CompareSection } from "./chart.ts";
import { ttftByTurnCharts } from "./ttft_by_turn.ts";
import { ttftCdfCharts } from "./ttft_cdf.ts";

/** The chart modules, in page order. */
export const COMPARE_CHARTS: readonly CompareChart[] = [
  changeCharts,
  ttftCdfCharts,
  ttftByTurnCharts,
  byLoadCharts,
];

/** A built chart with its section. */
export interface BuiltCompareChart {
  section: CompareSection;
  spec: ChartSpec;
}

/**
 * Builds every chart with something to draw.
 *
 * @throws {Error} when a module builds a chart under another id than its own (a programming error)
 * @example
 * ```ts
 * buildCompareCharts(model).map((c) => c.spec.id); // ["chart-changes-0", …]
 * ```
 */
export function buildCompareCharts(
  m: CompareModel,
  charts: readonly CompareChart[] = COMPARE_CHARTS,
): BuiltCompareChart[] {
  return charts.flatMap((chart) =>
    [chart.build(m)].flat().map((spec) => {
      if (spec.id !== chart.id && !spec.id.startsWith(`${chart.id}-`)) {
        throw new Error(`Chart module "${chart.id}" built a chart with another id "${spec.id}"`);
      }
      return { section: chart.section, spec };
    })
  ).filter(({ spec }) => spec.series.some((s) => s.data.some((d) => d !== null)));
}
