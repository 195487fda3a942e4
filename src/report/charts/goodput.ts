/**
 * @module Chart `chart-goodput`: goodput (requests/s meeting the SLO) against load beside the
 * throughput of all requests, per round, with the found capacity.
 */
import { type ReportChart, round2, roundColor, type SeriesSpec } from "./chart.ts";
import { capacityMarks, points, sloCurves } from "./slo_axis.ts";

/** Goodput req/s (solid) and session goodput % (dashed, right axis) of each run with an SLO. */
export const goodputChart: ReportChart = {
  id: "chart-goodput",
  section: "slo",
  build(m) {
    const curves = sloCurves(m);
    const series: SeriesSpec[] = curves.rounds.flatMap((round) => {
      const loads = curves.at.get(round)!;
      return [
        {
          label: `Round ${round} goodput req/s`,
          data: points(loads, (s) => s.goodput.requests_per_s),
          color: roundColor(round),
        },
        {
          label: `Round ${round} session goodput %`,
          data: points(loads, (s) => s.sessions.share === null ? null : s.sessions.share * 100),
          color: roundColor(round),
          dash: [6, 4],
          axis: "y2" as const,
        },
      ];
    });
    const top = Math.max(
      0,
      ...series.filter((s) => s.axis !== "y2").flatMap((s) =>
        (s.data as [number, number][]).map((p) => p[1])
      ),
    );
    if (series.length) series.push(...capacityMarks(m, round2(top * 1.1) || 1));
    return {
      id: "chart-goodput",
      title: "Goodput against load",
      kind: "xy",
      xTitle: curves.xTitle,
      yTitle: "Requests/s meeting every target (solid)",
      y2Title: "Sessions meeting it throughout, % (dashed)",
      series,
    };
  },
};
