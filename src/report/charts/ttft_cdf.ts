/**
 * @module Chart `chart-ttft-cdf`: the cumulative TTFT distribution of each round over all loads,
 * from the successful requests' records; its points are the 0th…100th percentiles, taken with the
 * one percentile function of `src/stats/` (interpolating, as the run summaries do).
 */
import { percentile } from "../../stats/distribution.ts";
import { roundsOf } from "./axes.ts";
import { type ReportChart, round2, roundColor } from "./chart.ts";

/** For each round, [TTFT at percentile q, q] for q = 0…100; no points without records. */
export const ttftCdfChart: ReportChart = {
  id: "chart-ttft-cdf",
  section: "ttft",
  build(m) {
    const series = roundsOf(m).map((round) => {
      const ttft = m.views.filter((v) => v.round === round).flatMap((v) => v.records?.ttft ?? []);
      const sorted = Float64Array.from(ttft).sort() as unknown as number[];
      const data: Array<[number, number]> = [];
      if (sorted.length) {
        for (let q = 0; q <= 100; q++) data.push([round2(percentile(sorted, q)), q]);
      }
      const label = `Round ${round} (${sorted.length} requests)`;
      return { label, data, color: roundColor(round) };
    });
    return {
      id: "chart-ttft-cdf",
      title: "TTFT distribution: round 1 against round 2 (all loads, cumulative)",
      kind: "xy",
      xTitle: "TTFT (ms)",
      yTitle: "Requests with TTFT at most x (%)",
      series,
    };
  },
};
