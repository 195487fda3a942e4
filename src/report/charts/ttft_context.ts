/**
 * @module Chart `chart-ttft-context`: TTFT against context size, one point set per round, from the
 * bounded reservoir sample the record scan keeps (load/scan.ts), so the page stays small.
 */
import { roundsOf } from "./axes.ts";
import { type ReportChart, round2, roundColor } from "./chart.ts";

/** Sampled [context_tokens, ttft_ms] of successful requests, per round. */
export const ttftContextChart: ReportChart = {
  id: "chart-ttft-context",
  section: "ttft",
  build: (m) => ({
    id: "chart-ttft-context",
    title: "TTFT against context size (sampled requests)",
    kind: "scatter",
    xTitle: "Context tokens (prompt after truncation)",
    yTitle: "TTFT (ms)",
    series: roundsOf(m).map((round) => ({
      label: `Round ${round}`,
      data: (m.sweep.scan?.scatter.get(round) ?? []).map(([x, y]): [number, number] => [
        x,
        round2(y),
      ]),
      color: roundColor(round),
    })),
  }),
};
