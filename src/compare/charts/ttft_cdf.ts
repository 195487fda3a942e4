/**
 * @module Charts `chart-ttft-cdf-<n>`: per round, the cumulative TTFT distribution of every sweep
 * overlaid (all loads and trials), first turns solid and follow-ups dashed; points are the 0th…100th
 * percentiles of src/stats/ (interpolating, as the run summaries).
 */
import { percentile } from "../../stats/distribution.ts";
import type { SampleRequest } from "../../stats/paired_samples.ts";
import type { ComparedSweep } from "../load.ts";
import type { CompareChart } from "./chart.ts";
import { round2, sweepColor } from "./chart.ts";

/** The requests of a sweep in one round (every load and trial). */
export function roundRequests(s: ComparedSweep, round: number): SampleRequest[] {
  return [...s.paired.groups.values()].filter((g) => g.id.round === round).flatMap((g) =>
    g.requests
  );
}

function cdf(values: number[]): Array<[number, number]> {
  const sorted = Float64Array.from(values).sort();
  const out: Array<[number, number]> = [];
  if (sorted.length) {
    for (let q = 0; q <= 100; q++) {
      out.push([round2(percentile(sorted, q)), q]);
    }
  }
  return out;
}

/** The rounds every sweep of a comparison has, ascending. */
export function roundsOf(sweeps: readonly ComparedSweep[]): number[] {
  return [...new Set(sweeps.flatMap((s) => [...s.paired.groups.values()].map((g) => g.id.round)))]
    .sort((a, b) => a - b);
}

/** One chart per round. */
export const ttftCdfCharts: CompareChart = {
  id: "chart-ttft-cdf",
  section: "distributions",
  build(m) {
    return roundsOf(m.sweeps).map((round, i) => ({
      id: `chart-ttft-cdf-${i}`,
      title: `TTFT distribution, round ${round} (all loads and trials, cumulative)`,
      kind: "xy" as const,
      xTitle: "TTFT (ms)",
      yTitle: "Requests with TTFT at most x (%)",
      series: m.sweeps.flatMap((s, k) => {
        const rs = roundRequests(s, round);
        const pick = (follow: boolean) =>
          rs.filter((r) => r.ttft !== null && (r.turn > 0) === follow).map((r) => r.ttft!);
        return [
          { label: `${s.label} first turns`, data: cdf(pick(false)), color: sweepColor(k) },
          {
            label: `${s.label} follow-ups`,
            data: cdf(pick(true)),
            color: sweepColor(k),
            dash: [8, 4],
          },
        ];
      }),
    }));
  },
};
