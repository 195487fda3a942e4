/**
 * @module Chart `chart-slo-targets`: each SLO target's observed percentile against load, its
 * limit as a dashed line of the same colour, and the found capacity.
 */
import { type ReportChart, round2, SERIES_COLORS, type SeriesSpec } from "./chart.ts";
import { capacityMarks, loadRange, points, sloCurves } from "./slo_axis.ts";

const NAMES: Record<string, string> = {
  ttft_first: "first-turn TTFT",
  ttft_followup: "follow-up TTFT",
  itl: "ITL",
  tpot: "TPOT",
  e2e: "E2E",
};

/** Per target (and round): its percentile, ms; its limit; the capacity line. */
export const sloTargetsChart: ReportChart = {
  id: "chart-slo-targets",
  section: "slo",
  build(m) {
    const curves = sloCurves(m);
    const series: SeriesSpec[] = [];
    if (curves.rounds.length) {
      const [lo, hi] = loadRange(curves);
      const targets = [...curves.at.values()][0][0].runs[0].targets;
      targets.forEach((t, i) => {
        const color = SERIES_COLORS[i % SERIES_COLORS.length];
        const name = `p${t.percentile} ${NAMES[t.metric]}`;
        for (const round of curves.rounds) {
          series.push({
            label: curves.rounds.length > 1 ? `Round ${round} ${name}` : name,
            data: points(
              curves.at.get(round)!,
              (s) => s.targets.find((x) => x.metric === t.metric)?.value_ms,
            ),
            color,
            ...(round > 1 ? { dash: [3, 3] } : {}),
          });
        }
        series.push({
          label: `${name} limit ${t.ms} ms`,
          data: [[lo, t.ms], [hi, t.ms]],
          color,
          dash: [8, 4],
        });
      });
      const top = Math.max(
        ...series.flatMap((s) => (s.data as [number, number][]).map((p) => p[1])),
      );
      series.push(...capacityMarks(m, round2(top * 1.1)));
    }
    return {
      id: "chart-slo-targets",
      title: "SLO targets against load",
      kind: "xy",
      xTitle: curves.xTitle,
      yTitle: "Percentile (ms)",
      series,
    };
  },
};
