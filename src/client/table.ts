/** @module The short results table `deno task bench` prints on stdout at the end. */
import type { Distribution } from "../stats/distribution.ts";
import type { RunSummary } from "../results/summary.ts";

const HEADERS = [
  "round",
  "load",
  "ok/total",
  "req/s",
  "out tok/s",
  "TTFT p50 ms",
  "TTFT p99 ms",
  "ITL p50 ms",
  "TPOT p50 ms",
  "E2E p50 ms",
  "cache hit",
];

/**
 * Formats run summaries as an aligned text table (latencies in ms; `—` where there is no value).
 *
 * @example
 * ```ts
 * console.log(formatRunTable(summary.runs));
 * ```
 */
export function formatRunTable(runs: readonly RunSummary[]): string {
  const p = (d: Distribution | null, key: "p50" | "p99") => (d ? d[key].toFixed(1) : "—");
  const rows = runs.map((r) => [
    String(r.round) + (r.complete ? "" : "*"),
    (r.users != null
      ? `users ${r.users}`
      : r.concurrency !== null
      ? `conc ${r.concurrency}`
      : r.trace_speed != null // issue 14
      ? `replay x${r.trace_speed}`
      : `rate ${r.request_rate}`) + (r.trial ? ` t${r.trial}` : ""),
    `${r.requests.ok}/${r.requests.total}`,
    r.throughput.requests_per_s.toFixed(2),
    r.throughput.output_tokens_per_s.toFixed(1),
    p(r.ttft_ms, "p50"),
    p(r.ttft_ms, "p99"),
    p(r.itl_ms, "p50"),
    p(r.tpot_ms, "p50"),
    p(r.e2e_ms, "p50"),
    r.cache_hit_rate === null ? "—" : `${(r.cache_hit_rate * 100).toFixed(1)}%`,
  ]);
  const all = [HEADERS, ...rows];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const lines = all.map((row) =>
    row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ")
  );
  const note = runs.some((r) => !r.complete) ? "\n* interrupted: covers finished requests" : "";
  return lines.join("\n") + note;
}
