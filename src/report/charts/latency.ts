/** @module The shape every latency chart shares: p50/p90/p99 against load, one line set per round. */
import type { Distribution } from "../../stats/distribution.ts";
import type { ReportModel } from "../model/model.ts";
import type { RunView } from "../model/runs.ts";
import { loadAxis } from "./axes.ts";
import { type ChartSpec, roundColor } from "./chart.ts";

/** The percentiles drawn and their dash patterns. */
const PERCENTILES = [["p50", []], ["p90", [10, 5]], ["p99", [3, 3]]] as const;

/**
 * A latency chart: for each round, the p50 (solid), p90 and p99 (dashed) of one distribution of
 * the run summaries, against load.
 *
 * @param name the figure as titles show it, e.g. `TTFT`
 * @param pick the distribution of a run (null when the run has none)
 * @example
 * ```ts
 * latencyChart(model, "chart-ttft", "TTFT", (v) => v.summary.ttft_ms);
 * ```
 */
export function latencyChart(
  m: ReportModel,
  id: string,
  name: string,
  pick: (v: RunView) => Distribution | null,
): ChartSpec {
  const { loads, labels, xTitle, rounds, at } = loadAxis(m);
  return {
    id,
    title: `${name} percentiles against load, per round`,
    kind: "line",
    labels,
    xTitle,
    yTitle: `${name} (ms)`,
    series: rounds.flatMap((round) =>
      PERCENTILES.map(([p, dash]) => ({
        label: `Round ${round} ${p}`,
        data: loads.map((l) => {
          const run = at(round, l);
          const d = run && pick(run);
          return d ? d[p] : null;
        }),
        color: roundColor(round),
        dash: [...dash],
      }))
    ),
  };
}
