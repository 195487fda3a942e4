/**
 * @module The change of each baseline metric with a bootstrap interval where the data allow one
 * (src/stats/bootstrap.ts): from per-session samples when both folders have records of the same
 * sessions (latency percentiles, error rate; paired by session, and over trials with repeat ≥ 2),
 * and from the per-trial rows when both sides ran trials (every metric; run-level ones, such as
 * throughput, need 3 trials a side). Otherwise the change comes without an interval and the gate
 * keeps its single-value rule for it.
 */
import {
  comparePaired,
  type FigureChange,
  type FigureSpec,
  seedOf,
} from "../../stats/bootstrap.ts";
import type { RunGroup, SampleRequest } from "../../stats/paired_samples.ts";
import type { FieldName, ReportRow } from "../../results/report_row.ts";

/** One side of a baseline comparison in one run group. */
export interface IntervalSide {
  /** The group's rows, one per trial. */
  rows: readonly ReportRow[];
  /** Its per-session samples (a results folder with records), else null. */
  group: RunGroup | null;
}

/** A compared metric: which field, and which way is better. */
export interface IntervalMetric {
  field: FieldName;
  better: "lower" | "higher";
}

/** Options of {@link metricChanges}. */
export interface IntervalOptions {
  confidence?: number;
  iterations?: number;
  seed?: number;
  /** Mixed into the seed, so each run group draws its own resamples. */
  key: string;
}

const PICK: Record<string, (r: SampleRequest) => number | readonly number[] | null> = {
  ttft: (r) => r.ttft,
  itl: (r) => r.itl,
  tpot: (r) => r.tpot,
  e2e: (r) => r.e2e,
};

function figureOf(m: IntervalMetric, fromRecords: boolean): FigureSpec {
  const points = m.field === "error_pct";
  const base = { id: m.field, better: m.better, change: points ? "points" : "relative" } as const;
  const latency = /^(ttft|itl|tpot|e2e)_ms_p(\d+)$/.exec(m.field);
  if (fromRecords && latency) {
    return {
      ...base,
      stat: { kind: "percentile", q: Number(latency[2]), values: PICK[latency[1]] },
    };
  }
  if (fromRecords && points) {
    return {
      ...base,
      stat: { kind: "ratio", num: (r) => (r.ok ? 0 : 1), den: () => 1, scale: 100 },
    };
  }
  return { ...base, stat: { kind: "trial" } };
}

function trialValues(rows: readonly ReportRow[], metrics: readonly IntervalMetric[]) {
  return Object.fromEntries(metrics.map((m) => [
    m.field,
    new Map(rows.map((r) => {
      const v = r[m.field];
      return [r.trial ?? 0, typeof v === "number" ? v : null] as const;
    })),
  ]));
}

/** Whether two sides share a session id (their requests can be paired). */
function pairable(a: RunGroup | null, b: RunGroup | null): boolean {
  if (!a || !b) return false;
  const ids = new Set(a.requests.map((r) => r.session));
  return b.requests.some((r) => ids.has(r.session));
}

/**
 * The changes of `metrics` from the baseline side to the current side of one run group: request
 * metrics from paired per-session samples when both sides have them, else every metric from the
 * per-trial rows; each with an interval when the bootstrap can draw one (see the module note).
 *
 * @returns one change per metric, in order, and what the intervals were drawn over
 * @example
 * ```ts
 * const { changes } = metricChanges(base, current, BASELINE_METRICS, { key: "1|c4" });
 * ```
 */
export function metricChanges(
  base: IntervalSide,
  current: IntervalSide,
  metrics: readonly IntervalMetric[],
  opts: IntervalOptions,
): { changes: FigureChange[]; source: "sessions" | "trials" | "values" } {
  const fromRecords = pairable(base.group, current.group);
  const figures = metrics.map((m) => figureOf(m, fromRecords));
  const side = (s: IntervalSide) => ({
    requests: fromRecords ? s.group!.requests : [],
    trialValues: trialValues(s.rows, metrics),
  });
  const cmp = comparePaired(side(base), side(current), figures, {
    confidence: opts.confidence,
    iterations: opts.iterations ?? 1000,
    seed: seedOf(opts.seed ?? 1, opts.key),
  });
  const source = fromRecords ? "sessions" : cmp.method === "trials" ? "trials" : "values";
  return { changes: cmp.figures, source };
}
