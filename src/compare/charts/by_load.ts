/**
 * @module Charts `chart-by-load-<n>`: a few headline figures against load, one line per sweep and
 * round (round 1 solid, later rounds dashed), from the same point values as the tables.
 */
import { compareLoads, loadKey, loadLabel } from "../../report/load/run_key.ts";
import type { CompareModel, GroupComparison } from "../model.ts";
import { type CompareChart, round2, roundDash, sweepColor } from "./chart.ts";

/** The figures drawn, in order. */
const DRAWN = [
  "ttft_first_p50",
  "ttft_followup_p50",
  "itl_p50",
  "output_tokens_per_s",
  "cache_hit_pct",
];

/** A figure's value for one sweep in one group: the reference's `a`, another sweep's `b`. */
export function valueOf(
  m: CompareModel,
  g: GroupComparison,
  label: string,
  id: string,
): number | null {
  if (label === m.reference.label) {
    return g.against[0]?.figures.find((f) => f.id === id)?.a ?? null;
  }
  return g.against.find((a) => a.label === label)?.figures.find((f) => f.id === id)?.b ?? null;
}

/** One chart per drawn figure that some group has. */
export const byLoadCharts: CompareChart = {
  id: "chart-by-load",
  section: "by-load",
  build(m) {
    const loads = [...new Map(m.groups.map((g) => [loadKey(g.id), g.id])).values()]
      .sort(compareLoads);
    const rounds = [...new Set(m.groups.map((g) => g.id.round))].sort((a, b) => a - b);
    const present = DRAWN.filter((id) =>
      m.groups.some((g) => g.against.some((a) => a.figures.some((f) => f.id === id)))
    );
    return present.map((id, i) => {
      const figure = m.groups.flatMap((g) => g.against.flatMap((a) => a.figures))
        .find((f) => f.id === id)!.figure;
      return {
        id: `chart-by-load-${i}`,
        title: `${figure.name} against load`,
        kind: "line" as const,
        labels: loads.map(loadLabel),
        xTitle: "Load",
        yTitle: `${figure.name} (${figure.unit})`,
        series: m.sweeps.flatMap((s, k) =>
          rounds.map((round) => ({
            label: `${s.label} round ${round}`,
            data: loads.map((l) => {
              const g = m.groups.find((x) => x.id.round === round && loadKey(x.id) === loadKey(l));
              const v = g ? valueOf(m, g, s.label, id) : null;
              return v === null ? null : round2(v);
            }),
            color: sweepColor(k),
            dash: roundDash(round),
          }))
        ),
      };
    });
  },
};
