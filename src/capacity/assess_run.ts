/**
 * @module One run judged against an SLO: its steady window, SLO summaries over the window and
 * over the whole run, over-saturation, and the verdict a capacity probe returns.
 *
 * What the runner calls after a run (a sweep's load level, or one probe of a search). The
 * sweep reports the whole run's attainment and goodput (its sample is fixed, the run is what
 * was asked) and flags `saturated` from the window; a probe is judged on the window alone
 * (warm-up and ramp-down left out), which is what `probe` holds.
 */
import type { RequestRecord } from "../results/record.ts";
import { SloAccumulator, type SloSummary } from "../slo/attainment.ts";
import type { SloTargets } from "../slo/spec.ts";
import type { ProbeResult } from "./search.ts";
import type { Point } from "./saturation.ts";
import {
  assessSaturation,
  type SaturationAssessment,
  type SteadyWindow,
  steadyWindow,
  timedRequest,
} from "./steady_state.ts";

/** A run's SLO verdicts. */
export interface RunAssessment {
  /** Null when the run has no records. */
  window: SteadyWindow | null;
  /** Over the steady window; goodput per second of the window. */
  steady: SloSummary;
  /** Over every record; goodput per second of `run_s`. */
  run: SloSummary;
  saturation: SaturationAssessment;
  /** What a capacity probe returns: the window's verdict. */
  probe: ProbeResult;
}

/** How to judge a run. */
export interface AssessOptions {
  targets: SloTargets;
  /** Users or concurrency of the run; null in request-rate mode. */
  load: number | null;
  /** The run's duration for whole-run goodput, s. */
  run_s: number;
  /** The conversation key of a record (default its `session_id`; users mode passes replays apart). */
  session?: (r: RequestRecord) => string;
  /** A waiting-queue series sampled during the run (epoch ms, requests waiting). */
  queue?: readonly Point[];
  /** Request-rate mode: share of arrivals left out as warm-up (default 0.1). */
  warmup_share?: number;
}

/**
 * Judges a run's records (any order) against the SLO.
 *
 * @example
 * ```ts
 * const a = assessRun(records, { targets, load: 16, run_s: summary.duration_s });
 * run.slo = a.run; run.saturated = a.saturation.saturated;   // a sweep
 * return a.probe;                                           // a capacity probe
 * ```
 */
export function assessRun(records: readonly RequestRecord[], o: AssessOptions): RunAssessment {
  const key = o.session ?? ((r: RequestRecord) => r.session_id);
  const timed = records.map((r) => timedRequest(r, key(r)));
  const window = steadyWindow(timed, { target: o.load, warmup_share: o.warmup_share });
  const steadyAcc = new SloAccumulator(o.targets);
  const runAcc = new SloAccumulator(o.targets);
  for (const r of records) {
    runAcc.add(r, key(r));
    if (window && r.started_at >= window.start && r.started_at <= window.end) {
      steadyAcc.add(r, key(r));
    }
  }
  const steady = steadyAcc.summary(window ? (window.end - window.start) / 1000 : 0);
  const saturation = window
    ? assessSaturation(timed, window, { queue: o.queue })
    : { saturated: false, ttft: null, queue: null };
  return {
    window,
    steady,
    run: runAcc.summary(o.run_s),
    saturation,
    probe: {
      meets: steady.meets,
      saturated: saturation.saturated,
      attainment: steady.attainment,
      margin: steady.margin,
    },
  };
}
