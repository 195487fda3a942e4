/**
 * @module Charts `chart-changes-<n>`: for each run group, every figure's change against the
 * reference as a floating bar from the low to the high end of its interval (one bar per other
 * sweep); a figure without an interval has no bar. Changes are %, points for % figures.
 */
import type { CompareChart } from "./chart.ts";
import { round2, sweepColor } from "./chart.ts";

/** One chart per run group. */
export const changeCharts: CompareChart = {
  id: "chart-changes",
  section: "changes",
  build(m) {
    return m.groups.map((g, i) => {
      const figures = g.against[0]?.figures.map((f) => f.figure) ?? [];
      return {
        id: `chart-changes-${i}`,
        title: `${g.label}: change against ${m.reference.label} with its ${
          Math.round(m.made.confidence * 100)
        }% interval`,
        kind: "bar" as const,
        labels: figures.map((f) => (f.change === "points" ? `${f.name} (pp)` : f.name)),
        xTitle: "Figure",
        yTitle: "Change (%; percentage points for % figures)",
        series: g.against.map((a) => ({
          label: a.label,
          data: figures.map((f) => {
            const r = a.figures.find((x) => x.id === f.id);
            return r && r.low !== null && r.high !== null
              ? [round2(r.low), round2(r.high)] as [number, number]
              : null;
          }) as Array<[number, number]>,
          color: sweepColor(m.sweeps.findIndex((s) => s.label === a.label)),
        })),
      };
    });
  },
};
