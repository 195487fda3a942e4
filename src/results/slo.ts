/**
 * @module The SLO and capacity parts of the result files: a record's `slo_met`, a run's `slo`
 * and `goodput`, a sweep config's SLO targets, and a capacity search's `capacity` (issue 13).
 * Every field that holds them is optional or defaulted, so files written before read unchanged.
 */
import { z } from "zod";

/** The metrics a target constrains (TTFT split by a session's first and later turns). */
export const SloMetricName = z.enum(["ttft_first", "ttft_followup", "itl", "tpot", "e2e"]);

/** One normalized target: the metric's `percentile`-th percentile must be ≤ `ms`. */
export const SloTargetFile = z.object({
  metric: SloMetricName,
  ms: z.number(),
  percentile: z.number(),
});

/**
 * A record's `slo_met`: whether the request met each target; `null` where the SLO sets none
 * for it; `all` = every judged target met (a failed request meets nothing).
 */
export const SloMet = z.object({
  ttft: z.boolean().nullable(),
  itl: z.boolean().nullable(),
  tpot: z.boolean().nullable(),
  e2e: z.boolean().nullable(),
  all: z.boolean(),
});

/** A record's `slo_met`. */
export type SloMet = z.infer<typeof SloMet>;

/** How one target fared over a run. */
export const TargetCheck = SloTargetFile.extend({
  /** Samples behind the percentile, failures included. */
  samples: z.number().int(),
  /** The observed percentile, ms; null with no samples or when it falls on failed requests. */
  value_ms: z.number().nullable(),
  /** value ≤ target; null with no samples (e.g. no follow-up turns). */
  met: z.boolean().nullable(),
});

/** How one target fared over a run. */
export type TargetCheck = z.infer<typeof TargetCheck>;

/** A set of requests judged against an SLO (`src/slo/attainment.ts` computes it). */
export const SloSummary = z.object({
  /** Requests judged, failed ones included. */
  requests: z.number().int(),
  /** Requests that met every target. */
  met: z.number().int(),
  /** met / requests, 0–1; null with no requests. */
  attainment: z.number().nullable(),
  /** Requests and output tokens per second of the requests that met every target. */
  goodput: z.object({ requests_per_s: z.number(), output_tokens_per_s: z.number() }),
  /** Sessions (with at least one request) all of whose requests met every target. */
  sessions: z.object({
    total: z.number().int(),
    met: z.number().int(),
    /** met / total, 0–1; null with no sessions. */
    share: z.number().nullable(),
  }),
  targets: z.array(TargetCheck),
  /** Every target with samples met at its percentile; false with no requests. */
  meets: z.boolean(),
  /** Smallest 1 − value/target over the targets (> 0: room left); null when one falls on failures. */
  margin: z.number().nullable(),
});

/** A set of requests judged against an SLO. */
export type SloSummary = z.infer<typeof SloSummary>;

/** The steady-state window of a run (`src/capacity/steady_state.ts`), epoch ms. */
export const WindowFile = z.object({
  start: z.number(),
  end: z.number(),
  /** False when the load asked for was never reached (the peak stood in). */
  reached: z.boolean(),
});

/**
 * A run's `slo`: the whole run judged (attainment, goodput over the run's duration, session
 * goodput, each target's percentile), its steady window, and the window judged on its own
 * (what a capacity probe's verdict is).
 */
export const RunSlo = SloSummary.extend({
  window: WindowFile.nullable(),
  steady: SloSummary.nullable(),
});

/** A run's `slo`. */
export type RunSlo = z.infer<typeof RunSlo>;

/** A run's `goodput`: of the requests that met every target, per second; sessions' share. */
export const Goodput = z.object({
  requests_per_s: z.number(),
  output_tokens_per_s: z.number(),
  /** Share of sessions all of whose turns met the SLO, 0–1; null with no sessions. */
  session_share: z.number().nullable(),
});

/** A run's `goodput`. */
export type Goodput = z.infer<typeof Goodput>;

/** One probe of a capacity search, as the report redraws the curve from it. */
export const ProbeSummary = z.object({
  index: z.number().int(),
  trial: z.number().int(),
  phase: z.enum(["bracket", "refine"]),
  load: z.number(),
  good: z.boolean(),
  meets: z.boolean(),
  saturated: z.boolean(),
  attainment: z.number().nullable(),
  /** Index of the probe's run in `runs` (its records are kept like a sweep's); null if none. */
  run: z.number().int().nullable(),
});

/** One probe of a capacity search. */
export type ProbeSummary = z.infer<typeof ProbeSummary>;

/** A capacity search's outcome: summary.json's `capacity`. */
export const CapacitySummary = z.object({
  load: z.enum(["users", "concurrency", "request_rate"]),
  status: z.enum(["found", "above_range", "fails_at_min", "stopped"]),
  stop: z.enum(["resolved", "range", "max_probes", "budget", "aborted"]),
  capacity: z.number().nullable(),
  bracket: z.object({ good: z.number().nullable(), bad: z.number().nullable() }),
  interval: z.object({
    level: z.number(),
    mean: z.number(),
    low: z.number(),
    high: z.number(),
    n: z.number().int(),
  }).nullable(),
  trials: z.array(z.object({ trial: z.number().int(), capacity: z.number().nullable() })),
  /** The SLO in words. */
  slo: z.string(),
  headline: z.string(),
  probes: z.array(ProbeSummary),
  elapsed_s: z.number(),
  /** The range searched. */
  range: z.object({ min: z.number(), max: z.number() }).optional(),
});

/** A capacity search's outcome. */
export type CapacitySummary = z.infer<typeof CapacitySummary>;
