/** @module Table of the per-turn section: sessions' first turns against their follow-ups, per run. */
import { runLabel } from "../load/run_key.ts";
import type { ReportModel } from "../model/model.ts";
import { ms, NA, pct } from "./format.ts";
import type { Table } from "./table.ts";

const share = (x: number | null) => pct(x === null ? null : x * 100);

/** TTFT p50 and cached share of first turns and follow-ups per run; null when no run has them. */
export function perTurnTable(m: ReportModel): Table | null {
  const rows = m.views.flatMap((v, i) => {
    const t = m.truth.runs[i].perTurn;
    if (!t) return [];
    return [[
      runLabel(v),
      String(t.first.requests),
      ms(t.first.ttft_ms?.p50),
      share(t.first.cached_share),
      String(t.follow_ups.requests),
      t.follow_ups.requests ? ms(t.follow_ups.ttft_ms?.p50) : NA,
      share(t.follow_ups.cached_share),
      share(t.follow_ups.expected_share),
    ]];
  });
  if (rows.length === 0) return null;
  return {
    headers: [
      "Run",
      "First turns",
      "TTFT p50 (ms)",
      "Cached",
      "Follow-ups",
      "TTFT p50 (ms)",
      "Cached",
      "Expected cached",
    ],
    left: [0],
    rows,
  };
}
