/**
 * @module Charts `chart-ttft-turn-<n>`: per round, the median TTFT at each turn index of every
 * sweep overlaid — the pairing by turn made visible (a cache shows as follow-ups staying low while
 * the history grows).
 */
import { percentile } from "../../stats/distribution.ts";
import type { CompareChart } from "./chart.ts";
import { round2, sweepColor } from "./chart.ts";
import { roundRequests, roundsOf } from "./ttft_cdf.ts";

/** One chart per round. */
export const ttftByTurnCharts: CompareChart = {
  id: "chart-ttft-turn",
  section: "distributions",
  build(m) {
    return roundsOf(m.sweeps).map((round, i) => {
      const bySweep = m.sweeps.map((s) => {
        const turns = new Map<number, number[]>();
        for (const r of roundRequests(s, round)) {
          if (r.ttft === null) continue;
          let list = turns.get(r.turn);
          if (!list) turns.set(r.turn, list = []);
          list.push(r.ttft);
        }
        return turns;
      });
      const last = Math.max(-1, ...bySweep.flatMap((t) => [...t.keys()]));
      const labels = Array.from({ length: last + 1 }, (_, t) => `turn ${t + 1}`);
      return {
        id: `chart-ttft-turn-${i}`,
        title: `TTFT p50 by turn, round ${round} (all loads and trials)`,
        kind: "line" as const,
        labels,
        xTitle: "Turn of the session",
        yTitle: "TTFT p50 (ms)",
        series: m.sweeps.map((s, k) => ({
          label: s.label,
          data: labels.map((_, t) => {
            const v = bySweep[k].get(t);
            return v?.length ? round2(percentile(Float64Array.from(v).sort(), 50)) : null;
          }),
          color: sweepColor(k),
        })),
      };
    });
  },
};
