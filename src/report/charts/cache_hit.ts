/**
 * @module Chart `chart-cache`: cache hit rate per run, as the server reported it (cached_tokens)
 * and as each known cache's scraped counters show it (model/cache_metrics.ts).
 */
import { runLabel } from "../load/run_key.ts";
import { CACHE_PAIRS, cacheHitPct } from "../model/cache_metrics.ts";
import { type ReportChart, round2, SERIES_COLORS } from "./chart.ts";

/** Bars per run: the server's hit rate, then one per scraped cache that has data. */
export const cacheHitChart: ReportChart = {
  id: "chart-cache",
  section: "cache",
  build: (m) => ({
    id: "chart-cache",
    title: "Cache hit rate per run",
    kind: "bar",
    labels: m.views.map(runLabel),
    xTitle: "Run (round, load)",
    yTitle: "Hit rate (%)",
    series: [
      {
        label: "Server cached_tokens",
        data: m.views.map((v) =>
          v.summary.cache_hit_rate === null ? null : round2(v.summary.cache_hit_rate * 100)
        ),
        color: SERIES_COLORS[0],
      },
      ...CACHE_PAIRS.map((p, i) => ({
        label: `${p.label} (scraped)`,
        data: m.views.map((v) => {
          const pct = cacheHitPct(v.metrics, p);
          return pct === null ? null : round2(pct);
        }),
        color: SERIES_COLORS[(i + 1) % SERIES_COLORS.length],
      })),
    ].filter((s) => s.data.some((d) => d !== null)),
  }),
};
