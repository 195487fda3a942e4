/** @module What coming back saved: each later round against round 1 at the same load. */
import { type Change, change } from "./change.ts";
import { loadKey, loadLabel } from "../load/run_key.ts";
import type { RunView } from "./runs.ts";

/** One later round against round 1 at one load. */
export interface RoundChange {
  round: number;
  /** The load, e.g. `c=8`. */
  load: string;
  ttftP50: Change;
  ttftP99: Change;
  outputTokensPerS: Change;
  requestsPerS: Change;
  /** Server-reported cache hit rate, %. */
  cacheHitPct: Change;
}

/**
 * Compares every run of round ≥ 2 with the round-1 run at the same load.
 *
 * @example
 * ```ts
 * for (const c of roundChanges(views)) console.log(c.load, c.ttftP50.pct);
 * ```
 */
export function roundChanges(views: readonly RunView[]): RoundChange[] {
  const key = (v: RunView) => `${loadKey(v)}|${v.trial ?? 0}`; // the same trial's round 1
  const first = new Map(views.filter((v) => v.round === 1).map((v) => [key(v), v]));
  const out: RoundChange[] = [];
  for (const v of views) {
    const r1 = first.get(key(v));
    if (v.round === 1 || !r1) continue;
    const hit = (x: RunView) =>
      x.summary.cache_hit_rate === null ? null : x.summary.cache_hit_rate * 100;
    out.push({
      round: v.round,
      load: loadLabel(v) + (v.trial ? ` t${v.trial}` : ""),
      ttftP50: change(r1.summary.ttft_ms?.p50, v.summary.ttft_ms?.p50),
      ttftP99: change(r1.summary.ttft_ms?.p99, v.summary.ttft_ms?.p99),
      outputTokensPerS: change(
        r1.summary.throughput.output_tokens_per_s,
        v.summary.throughput.output_tokens_per_s,
      ),
      requestsPerS: change(
        r1.summary.throughput.requests_per_s,
        v.summary.throughput.requests_per_s,
      ),
      cacheHitPct: change(hit(r1), hit(v)),
    });
  }
  return out;
}
