/** @module The capacity search's parameters as the `capacity` stage and `bench --capacity` take them. */
import { z } from "zod";
import type { SearchOptions } from "./search.ts";

const number = z.coerce.number();
const int = z.coerce.number().int();

/**
 * The search part of the `capacity` stage's `with:` (the stage adds the sweep's dataset,
 * endpoint and `slo`). Checked so that a range that cannot bracket is an error before anything
 * is measured.
 *
 * @example
 * ```yaml
 * load: users          # or concurrency, request_rate
 * min: 1
 * max: 256
 * start: 8
 * trials: 3
 * probe_s: 60          # each probe's length (users, request_rate)
 * budget_s: 1800
 * ```
 */
export const CapacitySearchSpec = z.strictObject({
  /** The load unit searched: conversations with think time, sessions in flight, or req/s. */
  load: z.enum(["users", "concurrency", "request_rate"]).default("users"),
  min: number.positive().default(1),
  max: number.positive(),
  /** First load probed; default `min`. */
  start: number.positive().optional(),
  /** Bracketing factor. */
  growth: number.gt(1).default(2),
  /** Stop when the bracket is this narrow; default 1 (whole loads), 0 (rates). */
  resolution: number.positive().optional(),
  /** …or this share of the good load; default 0 (whole loads), 0.05 (rates). */
  relative_resolution: number.min(0).optional(),
  method: z.enum(["bisect", "interpolate"]).default("bisect"),
  /** Every probe counts, trials included; default 16 + 8 per trial. */
  max_probes: int.min(1).optional(),
  /** Wall-clock budget of the whole search, s. */
  budget_s: number.positive().optional(),
  /** Repeated searches around the answer for the 95% interval. */
  trials: int.min(0).default(3),
  /** Length of one probe in users and request-rate modes, s (concurrency: one pass). */
  probe_s: number.positive().default(60),
  /** Users mode: users start evenly over this long, s. */
  ramp_s: number.min(0).default(0),
  /** Stop a probe as soon as it is plainly over-saturated (counted as failing the SLO). */
  stop_when_saturated: z.boolean().default(true),
}).superRefine((s, ctx) => {
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [path], message });
  const whole = s.load !== "request_rate";
  if (!(s.max > s.min)) {
    issue("max", `must be above min (${s.min}): the range cannot bracket a capacity`);
  }
  if (s.start !== undefined && !(s.start >= s.min && s.start <= s.max)) {
    issue("start", `must be within min–max (${s.min}–${s.max}), got ${s.start}`);
  }
  for (const f of ["min", "max", "start"] as const) {
    const v = s[f];
    if (whole && v !== undefined && !Number.isInteger(v)) {
      issue(f, `must be a whole number for load "${s.load}", got ${v}`);
    }
  }
});

/** Validated search parameters. */
export type CapacitySearchSpec = z.infer<typeof CapacitySearchSpec>;

/**
 * The options `searchCapacity` takes, from the stage's parameters plus the runner's clock and
 * signal.
 *
 * @example
 * ```ts
 * const options = searchOptionsOf(CapacitySearchSpec.parse({ max: 64 }), { signal });
 * ```
 */
export function searchOptionsOf(
  s: CapacitySearchSpec,
  run: { now?: () => number; signal?: AbortSignal } = {},
): SearchOptions {
  return {
    kind: s.load === "request_rate" ? "real" : "integer",
    min: s.min,
    max: s.max,
    start: s.start,
    growth: s.growth,
    resolution: s.resolution,
    relative_resolution: s.relative_resolution,
    method: s.method,
    max_probes: s.max_probes,
    budget_ms: s.budget_s === undefined ? undefined : s.budget_s * 1000,
    trials: s.trials,
    now: run.now,
    signal: run.signal,
  };
}
