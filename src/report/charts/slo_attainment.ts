/**
 * @module Chart `chart-slo-attainment`: SLO attainment against load, per round, with the target
 * (the SLO's percentile: a p95 SLO wants ≥ 95% of requests within it) and the found capacity.
 */
import { type ReportChart, roundColor, type SeriesSpec } from "./chart.ts";
import { capacityMarks, loadRange, points, sloCurves } from "./slo_axis.ts";

/** Attainment % of each run with an SLO; a dashed target line; the capacity line. */
export const sloAttainmentChart: ReportChart = {
  id: "chart-slo-attainment",
  section: "slo",
  build(m) {
    const curves = sloCurves(m);
    const series: SeriesSpec[] = curves.rounds.map((round) => ({
      label: `Round ${round} attainment`,
      data: points(curves.at.get(round)!, (s) => s.attainment === null ? null : s.attainment * 100),
      color: roundColor(round),
    }));
    if (series.length) {
      const first = [...curves.at.values()][0][0].runs[0];
      const target = Math.max(...first.targets.map((t) => t.percentile));
      const [lo, hi] = loadRange(curves);
      series.push({
        label: `Target: p${target}`,
        data: [[lo, target], [hi, target]],
        color: "#d62728",
        dash: [6, 4],
      });
      series.push(...capacityMarks(m, 100));
    }
    return {
      id: "chart-slo-attainment",
      title: "SLO attainment against load",
      kind: "xy",
      xTitle: curves.xTitle,
      yTitle: "Requests meeting every target (%)",
      series,
    };
  },
};
