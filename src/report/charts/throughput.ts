/** @module Chart `chart-throughput`: output tokens/s and requests/s against load, per round. */
import { loadAxis } from "./axes.ts";
import { type ReportChart, roundColor } from "./chart.ts";

/** Output tokens/s (left axis, solid) and requests/s (right axis, dashed) of each run. */
export const throughputChart: ReportChart = {
  id: "chart-throughput",
  section: "cache",
  build(m) {
    const { loads, labels, xTitle, rounds, at } = loadAxis(m);
    return {
      id: "chart-throughput",
      title: "Throughput against load, per round",
      kind: "line",
      labels,
      xTitle,
      yTitle: "Output tokens/s (solid)",
      y2Title: "Requests/s (dashed)",
      series: rounds.flatMap((round) => [
        {
          label: `Round ${round} output tok/s`,
          data: loads.map((l) => at(round, l)?.summary.throughput.output_tokens_per_s ?? null),
          color: roundColor(round),
        },
        {
          label: `Round ${round} requests/s`,
          data: loads.map((l) => at(round, l)?.summary.throughput.requests_per_s ?? null),
          color: roundColor(round),
          dash: [6, 4],
          axis: "y2" as const,
        },
      ]),
    };
  },
};
