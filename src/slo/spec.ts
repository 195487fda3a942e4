/** @module SLO targets as the pipeline file and the flags give them: one zod schema, normalized targets. */
import { z } from "zod";
import { UserError } from "../util/errors.ts";

/** A numeric string from a flag or an `${{ env.X }}` reference becomes a number. */
const numeric = (v: unknown) =>
  typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v;

const inRange = (i: { input: unknown }) => `must be in (0, 100], got ${JSON.stringify(i.input)}`;

/** A percentile in (0, 100]: 100 is the maximum, 0 is not a percentile a target can be held at. */
export const Percentile = z.preprocess(
  numeric,
  z.number().gt(0, { error: inRange }).lte(100, { error: inRange }),
);

const Milliseconds = z.number().positive({ error: (i) => `must be above 0 ms, got ${i.input}` });

/** One target: a time in ms (at the SLO's default percentile) or `{ ms, percentile }`. */
export const TargetInput = z.preprocess(
  numeric,
  z.union([
    Milliseconds,
    z.strictObject({
      /** The latency the percentile must not exceed, ms. */
      ms: z.preprocess(numeric, Milliseconds),
      /** The percentile held to `ms`; default: the SLO's `percentile`. */
      percentile: Percentile.optional(),
    }),
  ], { error: "expected a time in ms or { ms, percentile }" }),
);

/** A target as written: `500` or `{ ms: 500, percentile: 99 }`. */
export type TargetInput = z.input<typeof TargetInput>;

/** The fields that name a target, in the order targets are listed and checked. */
export const TARGET_FIELDS = [
  "ttft_ms",
  "ttft_first_ms",
  "ttft_followup_ms",
  "itl_ms",
  "tpot_ms",
  "e2e_ms",
] as const;

/**
 * The `slo:` block of the sweep stage, the capacity stage and `bench`. `ttft_ms` holds for every
 * turn unless `ttft_first_ms` (a session's first turn) or `ttft_followup_ms` (its later turns,
 * which carry the history) overrides it. At least one target is required.
 *
 * @example
 * ```yaml
 * slo:
 *   percentile: 95          # the default for every target
 *   ttft_first_ms: 2000
 *   ttft_followup_ms: 500
 *   itl_ms: { ms: 50, percentile: 99 }
 * ```
 */
export const SloSpec = z.strictObject({
  /** Default percentile of every target, (0, 100]. */
  percentile: Percentile.default(95),
  /** TTFT target of every turn (unless overridden below). */
  ttft_ms: TargetInput.optional(),
  /** TTFT target of a session's first turn. */
  ttft_first_ms: TargetInput.optional(),
  /** TTFT target of a session's follow-up turns (history in the prompt). */
  ttft_followup_ms: TargetInput.optional(),
  /** Inter-token latency target: pooled gaps per run, the request's own gaps per request. */
  itl_ms: TargetInput.optional(),
  /** Time per output token target. */
  tpot_ms: TargetInput.optional(),
  /** End-to-end latency target. */
  e2e_ms: TargetInput.optional(),
}).superRefine((s, ctx) => {
  if (TARGET_FIELDS.every((f) => s[f] === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: `names no target: give at least one of ${TARGET_FIELDS.join(", ")}`,
    });
  }
});

/** A validated SLO block (defaults applied). */
export type SloSpec = z.infer<typeof SloSpec>;

/** An SLO block as a user writes it. */
export type SloSpecInput = z.input<typeof SloSpec>;

/** What a target constrains: TTFT is split by turn. */
export type SloMetric = "ttft_first" | "ttft_followup" | "itl" | "tpot" | "e2e";

/** One normalized target: the metric's `percentile`-th percentile must be ≤ `ms`. */
export interface SloTarget {
  metric: SloMetric;
  ms: number;
  percentile: number;
}

/** The normalized targets of an SLO, one per metric at most, in a fixed order. */
export type SloTargets = readonly SloTarget[];

/**
 * Normalizes a validated SLO into its targets: `ttft_ms` fills whichever of first/follow-up
 * is not given; each target gets the default percentile unless it names its own.
 *
 * @example
 * ```ts
 * sloTargets(SloSpec.parse({ ttft_ms: 800, ttft_followup_ms: 500 }));
 * // [{ metric: "ttft_first", ms: 800, percentile: 95 }, { metric: "ttft_followup", ms: 500, percentile: 95 }]
 * ```
 */
export function sloTargets(spec: SloSpec): SloTarget[] {
  const out: SloTarget[] = [];
  const add = (metric: SloMetric, t: z.infer<typeof TargetInput> | undefined) => {
    if (t === undefined) return;
    if (typeof t === "number") out.push({ metric, ms: t, percentile: spec.percentile });
    else out.push({ metric, ms: t.ms, percentile: t.percentile ?? spec.percentile });
  };
  add("ttft_first", spec.ttft_first_ms ?? spec.ttft_ms);
  add("ttft_followup", spec.ttft_followup_ms ?? spec.ttft_ms);
  add("itl", spec.itl_ms);
  add("tpot", spec.tpot_ms);
  add("e2e", spec.e2e_ms);
  return out;
}

/**
 * Validates an SLO block outside the pipeline (whose own checks locate `file:line:col`),
 * returning its normalized targets.
 *
 * @param value the block as read (from flags via `sloFromFlags`, or a JSON/YAML value)
 * @param where the name of the block in messages
 * @throws {UserError} exit code 2, one line: `Cannot use SLO field "slo.itl_ms.percentile": must be in (0, 100], got 120`
 */
export function parseSlo(value: unknown, where = "slo"): SloTarget[] {
  const result = SloSpec.safeParse(value);
  if (result.success) return sloTargets(result.data);
  const issue = result.error.issues[0];
  const path = [where, ...issue.path.map(String)];
  if (issue.code === "unrecognized_keys") {
    const known = ["percentile", ...TARGET_FIELDS].join(", ");
    throw new UserError(
      `Cannot use SLO field "${[...path, issue.keys[0]].join(".")}": unknown key (${known})`,
      { exitCode: 2 },
    );
  }
  const message = /^(Invalid|Too )/.test(issue.message)
    ? issue.message.replace(/^Invalid input: /, "").toLowerCase()
    : issue.message;
  throw new UserError(`Cannot use SLO field "${path.join(".")}": ${message}`, { exitCode: 2 });
}

const LABEL: Record<SloMetric, string> = {
  ttft_first: "first-turn TTFT",
  ttft_followup: "follow-up TTFT",
  itl: "ITL",
  tpot: "TPOT",
  e2e: "E2E",
};

/**
 * The targets in words, for headlines: `p95 follow-up TTFT ≤ 500 ms and p95 ITL ≤ 50 ms`
 * (a TTFT target shared by both turns reads `p95 TTFT ≤ … ms`).
 */
export function describeSlo(targets: SloTargets): string {
  const parts: string[] = [];
  const first = targets.find((t) => t.metric === "ttft_first");
  const follow = targets.find((t) => t.metric === "ttft_followup");
  const same = first && follow && first.ms === follow.ms && first.percentile === follow.percentile;
  for (const t of targets) {
    if (same && t.metric === "ttft_followup") continue;
    const label = same && t.metric === "ttft_first" ? "TTFT" : LABEL[t.metric];
    parts.push(`p${t.percentile} ${label} ≤ ${t.ms} ms`);
  }
  return parts.join(" and ");
}
