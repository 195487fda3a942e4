/**
 * @module The sweep options of issue 13 (`slo`, `users`, `think_time`, `duration_s`, `ramp_s`)
 * turned into what a run takes and what the summary's config records; shared by the sweep and
 * the capacity search so both read them once.
 */
import type { SweepConfig } from "../results/summary.ts";
import { type SloTargets, sloTargets } from "../slo/spec.ts";
import { type ThinkTime, ThinkTimeSampler } from "../slo/think_time.ts";
import type { SweepOptions } from "./options.ts";

/** The parts of the options read here. */
export type SloOptions = Pick<
  SweepOptions,
  "slo" | "users" | "think_time" | "think_time_ms" | "duration_s" | "ramp_s" | "seed"
>;

/** Users mode's think time: `think_time`, else the fixed `think_time_ms`. */
export function thinkTimeOf(o: SloOptions): ThinkTime {
  return o.think_time ?? { distribution: "fixed", ms: o.think_time_ms };
}

/**
 * The config fields a summary records for them; none when no SLO and no users level is set, so a
 * plain sweep's summary.json stays as it was.
 *
 * @example
 * ```ts
 * const config = { endpoint, model, …, ...sloConfig(options) };
 * ```
 */
export function sloConfig(o: SloOptions): Partial<SweepConfig> {
  const users = o.users.length > 0;
  if (!o.slo && !users) return {};
  return {
    slo: o.slo ? sloTargets(o.slo) : null,
    ...(users
      ? {
        users: o.users,
        think_time: thinkTimeOf(o),
        duration_s: o.duration_s ?? null,
        ramp_s: o.ramp_s,
      }
      : {}),
  };
}

/** What `measureRun` takes for them. */
export interface SloRunOptions {
  slo?: SloTargets;
  usersMode?: { think: ThinkTimeSampler; durationMs?: number; rampMs?: number; cutAtEnd?: boolean };
}

/**
 * The run options for them.
 *
 * @param trial a capacity search's trial: it varies the think-time seed, so each trial draws
 *   other pauses for the same conversations (0 keeps the sweep's seed)
 * @param durationS overrides `duration_s` (a capacity probe's length)
 */
export function sloRunOptions(
  o: SloOptions,
  opts: { trial?: number; durationS?: number; cutAtEnd?: boolean } = {},
): SloRunOptions {
  const durationS = opts.durationS ?? o.duration_s;
  return {
    ...(o.slo ? { slo: sloTargets(o.slo) } : {}),
    usersMode: {
      think: new ThinkTimeSampler(thinkTimeOf(o), (o.seed ?? 0) + (opts.trial ?? 0) * 7919),
      durationMs: durationS === undefined ? undefined : durationS * 1000,
      rampMs: o.ramp_s * 1000,
      cutAtEnd: opts.cutAtEnd,
    },
  };
}
