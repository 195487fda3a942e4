/**
 * @module A run's SLO summary, accumulated record by record: attainment, goodput, session
 * goodput, and whether the run's percentiles meet each target.
 *
 * Two questions, answered separately. Per request (`evaluateRecord`): did this request meet
 * every target? Attainment and goodput count those. Per run: is each target's percentile within
 * its limit? The samples are the ones the run summary uses (TTFT per request, split by first and
 * follow-up turns; ITL as every gap pooled; TPOT and E2E per request), so the value checked is
 * the `p95` a report prints next to it. A failed request adds one +∞ sample to each target that
 * applies to it (and a success with no first content chunk one to TTFT), so a run with more than
 * (100 − p) % failures never meets a p-th percentile target.
 */
import type { SloSummary, TargetCheck } from "../results/slo.ts";
import { percentile } from "../stats/distribution.ts";
import { evaluateRecord, type SloRecord, type SloVerdict, ttftTargetOf } from "./evaluate.ts";
import type { SloMetric, SloTarget, SloTargets } from "./spec.ts";

export { SloSummary, TargetCheck } from "../results/slo.ts";

/** A record as the accumulator needs it. */
export type SloAccumulated = SloRecord & { session_id: string; output_tokens: number };

/**
 * Accumulates a run's records (or its steady window's) into an {@linkcode SloSummary}.
 * No clock: the caller passes the duration goodput is spread over.
 *
 * @example
 * ```ts
 * const acc = new SloAccumulator(parseSlo({ ttft_followup_ms: 500 }));
 * for (const r of records) r.slo_met = acc.add(r);
 * acc.summary(window.duration_s).attainment;
 * ```
 */
export class SloAccumulator {
  #requests = 0;
  #met = 0;
  #metOutput = 0;
  readonly #sessions = new Map<string, boolean>();
  readonly #samples = new Map<SloMetric, { finite: number[]; infinite: number }>();

  constructor(readonly targets: SloTargets) {
    for (const t of targets) this.#samples.set(t.metric, { finite: [], infinite: 0 });
  }

  /**
   * Adds one record and returns its verdict.
   *
   * @param session the key its session is counted under; default `session_id` (a run that
   * replays a session twice passes a key per replay)
   */
  add(r: SloAccumulated, session: string = r.session_id): SloVerdict {
    const verdict = evaluateRecord(r, this.targets);
    this.#requests++;
    if (verdict.all) {
      this.#met++;
      this.#metOutput += r.output_tokens;
    }
    this.#sessions.set(session, (this.#sessions.get(session) ?? true) && verdict.all);
    const push = (metric: SloMetric, value: number | null) => {
      const s = this.#samples.get(metric);
      if (!s) return;
      if (value === null || !Number.isFinite(value)) s.infinite++;
      else s.finite.push(value);
    };
    const ttft = ttftTargetOf(this.targets, r.turn_index);
    if (ttft) push(ttft.metric, r.ok ? r.ttft_ms : null);
    if (!r.ok) {
      for (const m of ["itl", "tpot", "e2e"] as const) push(m, null);
      return verdict;
    }
    for (const gap of r.itl_ms) push("itl", gap);
    if (r.tpot_ms !== null) push("tpot", r.tpot_ms);
    push("e2e", r.e2e_ms);
    return verdict;
  }

  /** The summary so far, goodput spread over `durationS` seconds (0 gives goodput 0). */
  summary(durationS: number): SloSummary {
    const per = (n: number) => (durationS > 0 ? n / durationS : 0);
    const targets = this.targets.map((t) => this.#check(t));
    const sessionsMet = [...this.#sessions.values()].filter(Boolean).length;
    const judged = targets.filter((t) => t.met !== null);
    const margins = judged.map((t) => t.value_ms === null ? null : 1 - t.value_ms / t.ms);
    return {
      requests: this.#requests,
      met: this.#met,
      attainment: this.#requests > 0 ? this.#met / this.#requests : null,
      goodput: { requests_per_s: per(this.#met), output_tokens_per_s: per(this.#metOutput) },
      sessions: {
        total: this.#sessions.size,
        met: sessionsMet,
        share: this.#sessions.size > 0 ? sessionsMet / this.#sessions.size : null,
      },
      targets,
      meets: this.#requests > 0 && judged.every((t) => t.met),
      margin: margins.length === 0 || margins.includes(null)
        ? null
        : Math.min(...(margins as number[])),
    };
  }

  #check(t: SloTarget): TargetCheck {
    const s = this.#samples.get(t.metric)!;
    const samples = s.finite.length + s.infinite;
    if (samples === 0) return { ...t, samples, value_ms: null, met: null };
    const value = percentileWithFailures(s.finite.sort((a, b) => a - b), s.infinite, t.percentile);
    return {
      ...t,
      samples,
      value_ms: Number.isFinite(value) ? value : null,
      met: value <= t.ms,
    };
  }
}

/**
 * The q-th percentile of `sorted` finite samples plus `infinite` samples of +∞ (ranked last),
 * interpolated as `percentile` does; +∞ when the rank touches a failure.
 *
 * @example
 * ```ts
 * percentileWithFailures([10, 20, 30], 1, 50); // 25 — the median of [10, 20, 30, ∞]
 * ```
 */
export function percentileWithFailures(sorted: number[], infinite: number, q: number): number {
  const n = sorted.length + infinite;
  const rank = (q / 100) * (n - 1);
  if (Math.ceil(rank) >= sorted.length) return Infinity;
  if (infinite === 0) return percentile(sorted, q);
  // The same rank inside the finite samples alone.
  const inner = sorted.length === 1 ? 0 : Math.min(100, (rank / (sorted.length - 1)) * 100);
  return percentile(sorted, inner);
}
