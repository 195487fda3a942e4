/** @module Table of the Runs section: one row per run with counts, throughput and latency. */
import { loadLabel } from "../load/run_key.ts";
import { errorCounts } from "../model/errors.ts";
import type { ReportModel } from "../model/model.ts";
import { fixed, pct, trio } from "./format.ts";
import type { Table } from "./table.ts";

/** Per run: requests, errors, throughput, latency percentiles, cache hit, truncation. */
export function runsTable(m: ReportModel): Table {
  return {
    headers: [
      "Round",
      "Load",
      "Requests ok/total",
      "Errors",
      "Duration (s)",
      "Requests/s",
      "Output tok/s",
      "TTFT p50/p90/p99 (ms)",
      "ITL p50/p90/p99 (ms)",
      "TPOT p50/p90/p99 (ms)",
      "E2E p50/p90/p99 (ms)",
      "Cache hit (server)",
      "Truncated",
      "Status",
    ],
    left: [1, 3, 13],
    rows: m.views.map((v) => {
      const s = v.summary;
      const errors = errorCounts(s).map(([k, n]) => `${k}: ${n}`).join(", ");
      return [
        String(v.round),
        loadLabel(v) + (v.trial ? ` t${v.trial}` : ""),
        `${s.requests.ok}/${s.requests.total}`,
        errors ? { text: errors, tone: "bad" } : "0",
        fixed(s.duration_s, 1),
        fixed(s.throughput.requests_per_s, 2),
        fixed(s.throughput.output_tokens_per_s, 1),
        trio(s.ttft_ms),
        trio(s.itl_ms),
        trio(s.tpot_ms),
        trio(s.e2e_ms),
        pct(s.cache_hit_rate === null ? null : s.cache_hit_rate * 100),
        String(s.truncated_requests),
        s.stopped_saturated
          ? { text: "⚠ saturated (stopped)", tone: "warn" }
          : !s.complete
          ? { text: "⚠ partial", tone: "warn" }
          : s.saturated
          ? { text: "⚠ saturated", tone: "warn" }
          : "✓",
      ];
    }),
  };
}
