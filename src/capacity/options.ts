/**
 * @module The `capacity` stage's `with:` block (and `bench --capacity`): the sweep's fields
 * that make sense for one round of probes, the search's parameters, and a required `slo`.
 */
import { z } from "zod";
import { SweepOptions } from "../client/options.ts";
import { SloSpec } from "../slo/spec.ts";
import { CapacitySearchSpec } from "./spec.ts";

/** Sweep fields a search sets itself (its probes are its load levels, one round each). */
const NOT_HERE = [
  "concurrency",
  "request_rates",
  "users",
  "rounds",
  "reset_cache_between_rounds",
  "duration_s",
  "replay", // issue 14: a trace sets its own load
  "repeat", // issue 15: a search repeats itself with `trials`
] as const;

const sweepShape = Object.fromEntries(
  Object.entries(SweepOptions.shape).filter(([k]) => !(NOT_HERE as readonly string[]).includes(k)),
) as Omit<typeof SweepOptions.shape, typeof NOT_HERE[number]>;

const searchKeys = Object.keys(CapacitySearchSpec.shape) as (keyof CapacitySearchSpec)[];

/**
 * The capacity search's parameters: the sweep's (dataset, endpoint, model, sample, context,
 * resets before each probe, Prometheus, think time, …), the search's (`load`, `min`, `max`,
 * `start`, `trials`, `probe_s`, `budget_s`, … — see `spec.ts`) and the SLO, which is required.
 * The sweep's and the search's own cross-field checks apply, with their paths.
 *
 * @example
 * ```yaml
 * with:
 *   dataset: ${{ sessions.sessions }}
 *   endpoint: ${{ mock.endpoint }}
 *   slo: { ttft_followup_ms: 500, itl_ms: 50 }
 *   load: users
 *   max: 64
 * ```
 */
export const CapacityOptions = z.strictObject({
  ...sweepShape,
  ...CapacitySearchSpec.shape,
  /** The SLO the capacity is stated under (required). */
  slo: SloSpec,
}).superRefine((o, ctx) => {
  const forward = (issues: z.core.$ZodIssue[]) => {
    for (const issue of issues) ctx.addIssue({ ...issue, code: "custom", path: issue.path });
  };
  // The sweep's cross-field checks; its fields' own checks (the SLO, think time) ran already.
  const { slo: _slo, think_time: _think, ...fields } = probeSweepInput(o as CapacityOptions);
  const sweep = SweepOptions.safeParse(fields);
  if (!sweep.success) forward(sweep.error.issues);
  const search = CapacitySearchSpec.safeParse(searchSpecOf(o as CapacityOptions));
  if (!search.success) forward(search.error.issues);
});

/** Validated capacity search parameters. */
export type CapacityOptions = z.infer<typeof CapacityOptions>;

/** Capacity search parameters as written. */
export type CapacityOptionsInput = z.input<typeof CapacityOptions>;

/** The search's own parameters. */
export function searchSpecOf(o: CapacityOptions): CapacitySearchSpec {
  return Object.fromEntries(searchKeys.map((k) => [k, o[k]]).filter(([, v]) => v !== undefined));
}

/** The sweep options every probe shares: one round, no levels (the probe sets its own). */
function probeSweepInput(o: CapacityOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(sweepShape)) {
    if (o[k as keyof CapacityOptions] !== undefined) {
      out[k] = o[k as keyof CapacityOptions];
    }
  }
  return { ...out, rounds: 1 };
}

/**
 * The sweep options of a search's probes: one round; users mode runs `probe_s` long.
 *
 * @example
 * ```ts
 * const sweep = probeSweepOptions(CapacityOptions.parse(params));
 * ```
 */
export function probeSweepOptions(o: CapacityOptions): SweepOptions {
  return SweepOptions.parse({ ...probeSweepInput(o), duration_s: o.probe_s });
}
