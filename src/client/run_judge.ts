/**
 * @module One run judged as it goes: each record's `slo_met`, an early stop when the run is
 * plainly over-saturated, and at the end the run summary's `slo`, `goodput` and `saturated`.
 *
 * Fed by `measure_run.ts` (sends and records, with their own times); no clock, no network. It
 * keeps a slim copy of the run's records (inter-token gaps only when an ITL target needs them)
 * because the steady window is known only once the run is over, and `assessRun`
 * (`src/capacity/assess_run.ts`) judges the window and the whole run from them. A replayed
 * conversation (users mode) is keyed `session_id#replay`, apart from its first pass.
 */
import { assessRun, type RunAssessment } from "../capacity/assess_run.ts";
import { SaturationMonitor } from "../capacity/saturation.ts";
import type { RequestRecord } from "../results/record.ts";
import type { RunSummary } from "../results/summary.ts";
import { evaluateRecord } from "../slo/evaluate.ts";
import type { SloTargets } from "../slo/spec.ts";

/** How to judge a run. */
export interface RunJudgeOptions {
  /** The SLO's targets; empty without an SLO (saturation is still judged). */
  targets: SloTargets;
  /** Users or concurrency of the run; null in request-rate mode. */
  load: number | null;
  /** The full load is on once this many requests were sent (the early stop watches after it). */
  fullAfter: number;
  /** Stop the run as soon as it is plainly over-saturated (a capacity probe). */
  stopWhenSaturated?: boolean;
}

/** The conversation a record belongs to: its session, apart per replay. */
export function conversationKey(r: Pick<RequestRecord, "session_id" | "replay">): string {
  return r.replay > 0 ? `${r.session_id}#${r.replay}` : r.session_id;
}

/**
 * Judges one run.
 *
 * @example
 * ```ts
 * const judge = new RunJudge({ targets, load: 8, fullAfter: 8, stopWhenSaturated: true });
 * judge.sent(Date.now());
 * if (judge.add(record)) controller.abort();   // plainly saturated
 * const a = judge.finish(summary);             // sets summary.slo, .goodput, .saturated
 * ```
 */
export class RunJudge {
  readonly #records: RequestRecord[] = [];
  readonly #monitor: SaturationMonitor | null;
  readonly #keepItl: boolean;
  #sent = 0;
  #stopped = false;

  constructor(readonly o: RunJudgeOptions) {
    this.#monitor = o.stopWhenSaturated ? new SaturationMonitor() : null;
    this.#keepItl = o.targets.some((t) => t.metric === "itl");
  }

  /** One request sent at `epochMs`: the early stop starts watching once the full load is on. */
  sent(epochMs: number): void {
    if (++this.#sent === Math.max(1, this.o.fullAfter)) this.#monitor?.startAt(epochMs);
  }

  /**
   * Sets the record's `slo_met` (with an SLO) and keeps it for the end.
   *
   * @returns true once the run should stop: plainly over-saturated (only with `stopWhenSaturated`)
   */
  add(r: RequestRecord): boolean {
    if (this.o.targets.length > 0) r.slo_met = evaluateRecord(r, this.o.targets);
    this.#records.push(this.#keepItl ? r : { ...r, itl_ms: [] });
    if (this.#monitor?.add(r.started_at, r.ttft_ms) && !this.#stopped) this.#stopped = true;
    return this.#stopped;
  }

  /** True once the early stop fired. */
  get stoppedSaturated(): boolean {
    return this.#stopped;
  }

  /**
   * Judges the run and writes the verdict into its summary: `slo` (whole run, its window and the
   * window judged apart) and `goodput` with an SLO, `saturated` always, `stopped_saturated` after
   * an early stop.
   *
   * @returns the assessment; its `probe` is what a capacity probe reports
   */
  finish(summary: RunSummary): RunAssessment {
    const a = assessRun(this.#records, {
      targets: this.o.targets,
      load: this.o.load,
      run_s: summary.duration_s,
      session: conversationKey,
    });
    if (this.o.targets.length > 0) {
      const w = a.window;
      summary.slo = {
        ...a.run,
        window: w && { start: w.start, end: w.end, reached: w.reached },
        steady: a.steady,
      };
      summary.goodput = {
        requests_per_s: a.run.goodput.requests_per_s,
        output_tokens_per_s: a.run.goodput.output_tokens_per_s,
        session_share: a.run.sessions.share,
      };
    }
    summary.saturated = a.saturation.saturated || this.#stopped;
    if (this.#stopped) summary.stopped_saturated = true;
    return this.#stopped ? { ...a, probe: { ...a.probe, saturated: true } } : a;
  }
}
