/**
 * @module Whether one request met each SLO target (the record's `slo_met`).
 *
 * Per request, as vLLM's `--goodput` judges it: TTFT ≤ target (the first-turn target for turn 0,
 * the follow-up target after), TPOT ≤ target, E2E ≤ target. vLLM has no per-request ITL rule;
 * here a request meets the ITL target when its own gaps' `percentile`-th percentile (the
 * target's percentile, linear interpolation as in `src/stats/distribution.ts`) is ≤ the target —
 * at p100 that is its longest gap, at p95 one stall in a short answer may still fail it.
 * A failed request (`ok: false`) meets nothing. A successful request without a first content
 * chunk fails TTFT (and E2E without an end); one with fewer than two output tokens has no decode
 * and meets ITL and TPOT.
 */
import type { RequestRecord } from "../results/record.ts";
import { percentile } from "../stats/distribution.ts";
import type { SloMetric, SloTarget, SloTargets } from "./spec.ts";

/** The fields of a record an SLO looks at. */
export type SloRecord = Pick<
  RequestRecord,
  "ok" | "turn_index" | "ttft_ms" | "itl_ms" | "tpot_ms" | "e2e_ms"
>;

/**
 * Whether a request met each target: `null` where the SLO sets no target for it (TTFT also
 * when only the other turn kind has one); `all` is true when every judged target was met.
 */
export interface SloVerdict {
  ttft: boolean | null;
  itl: boolean | null;
  tpot: boolean | null;
  e2e: boolean | null;
  all: boolean;
}

/** The target of a metric, if the SLO has one. */
export function targetOf(targets: SloTargets, metric: SloMetric): SloTarget | undefined {
  return targets.find((t) => t.metric === metric);
}

/** The TTFT target that applies to a turn: first-turn for turn 0, follow-up after. */
export function ttftTargetOf(targets: SloTargets, turnIndex: number): SloTarget | undefined {
  return targetOf(targets, turnIndex === 0 ? "ttft_first" : "ttft_followup");
}

/**
 * Judges one request against the targets.
 *
 * @example
 * ```ts
 * const targets = parseSlo({ ttft_followup_ms: 500, itl_ms: 50 });
 * evaluateRecord({ ok: true, turn_index: 1, ttft_ms: 420, itl_ms: [12, 60], tpot_ms: 36, e2e_ms: 900 }, targets);
 * // { ttft: true, itl: false (p95 of [12, 60] is 57.6), tpot: null, e2e: null, all: false }
 * ```
 */
export function evaluateRecord(r: SloRecord, targets: SloTargets): SloVerdict {
  const judge = (t: SloTarget | undefined, check: (t: SloTarget) => boolean) =>
    t === undefined ? null : r.ok && check(t);
  const itl = judge(targetOf(targets, "itl"), (t) => {
    if (r.itl_ms.length === 0) return true;
    return percentile([...r.itl_ms].sort((a, b) => a - b), t.percentile) <= t.ms;
  });
  const verdict = {
    ttft: judge(
      ttftTargetOf(targets, r.turn_index),
      (t) => r.ttft_ms !== null && r.ttft_ms <= t.ms,
    ),
    itl,
    tpot: judge(targetOf(targets, "tpot"), (t) => r.tpot_ms === null || r.tpot_ms <= t.ms),
    e2e: judge(targetOf(targets, "e2e"), (t) => r.e2e_ms !== null && r.e2e_ms <= t.ms),
  };
  const all = r.ok && Object.values(verdict).every((v) => v !== false);
  return { ...verdict, all };
}
