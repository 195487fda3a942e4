/**
 * @module Chart `chart-per-turn`: TTFT p50 by turn index, one line per run, with the cached share
 * of the prompt on the right axis (dashed): the multi-turn story in one chart. A first turn
 * computes its whole prompt; a follow-up resends its history, which a prefix cache serves.
 */
import { runLabel } from "../load/run_key.ts";
import { type ReportChart, round2, SERIES_COLORS } from "./chart.ts";

/** Lines per run: TTFT p50 by turn (left axis), cached share % by turn (right axis, dashed). */
export const perTurnChart: ReportChart = {
  id: "chart-per-turn",
  section: "turns",
  build: (m) => {
    const turns = [
      ...new Set(m.truth.runs.flatMap((r) => r.perTurn?.by_turn.map((t) => t.turn_index) ?? [])),
    ].sort((a, b) => a - b);
    const series = m.views.flatMap((v, i) => {
      const byTurn = new Map(m.truth.runs[i].perTurn?.by_turn.map((t) => [t.turn_index, t]));
      if (byTurn.size === 0) return [];
      const color = SERIES_COLORS[i % SERIES_COLORS.length];
      const at = (f: (t: NonNullable<ReturnType<typeof byTurn.get>>) => number | null) =>
        turns.map((n) => {
          const t = byTurn.get(n);
          const x = t ? f(t) : null;
          return x === null ? null : round2(x);
        });
      return [
        { label: `${runLabel(v)} TTFT p50`, data: at((t) => t.ttft_ms?.p50 ?? null), color },
        {
          label: `${runLabel(v)} cached %`,
          data: at((t) => (t.cached_share === null ? null : t.cached_share * 100)),
          color,
          dash: [6, 4],
          axis: "y2" as const,
        },
      ];
    });
    return {
      id: "chart-per-turn",
      title: "TTFT and cached share by turn",
      kind: "line",
      labels: turns.map((n) => `turn ${n + 1}`),
      xTitle: "Turn of the session",
      yTitle: "TTFT p50 (ms)",
      y2Title: "Prompt tokens cached (%)",
      series,
    };
  },
};
