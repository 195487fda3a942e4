/** @module The `--slo` flag syntax (`ttft_followup:p95<=500`), turned into the pipeline's `slo:` block. */
import { UserError } from "../util/errors.ts";
import type { SloSpecInput } from "./spec.ts";

/** Metric names the flag accepts, and the `slo:` field each one sets. */
const FIELD = {
  ttft: "ttft_ms",
  ttft_first: "ttft_first_ms",
  ttft_followup: "ttft_followup_ms",
  itl: "itl_ms",
  tpot: "tpot_ms",
  e2e: "e2e_ms",
} as const;

const SYNTAX = /^([a-z_0-9]+)(?::p([0-9]*\.?[0-9]+))?<=([0-9]*\.?[0-9]+)(ms|s)?$/;
const EXAMPLE = `expected <metric>[:p<percentile>]<=<time>[ms|s], e.g. "ttft_followup:p95<=500"`;

/**
 * Parses repeated `--slo` values into an `slo:` block, to be validated by `parseSlo` like a
 * pipeline file's. A value is `<metric>[:p<percentile>]<=<time>`: metric one of `ttft`,
 * `ttft_first`, `ttft_followup`, `itl`, `tpot`, `e2e`; percentile in (0, 100] (default: the
 * block's, 95); time in ms, or seconds with an `s` suffix. Spaces are ignored.
 *
 * @param values the flag values in the order given
 * @param percentile the default percentile (`--slo-percentile`), when given
 * @throws {UserError} exit code 2: `Cannot parse --slo "ttft<2000": expected …`, an unknown
 * metric, a percentile outside (0, 100], a zero time, or a metric given twice
 * @example
 * ```ts
 * sloFromFlags(["ttft_first:p95<=2s", "itl<=50"]);
 * // { ttft_first_ms: { ms: 2000, percentile: 95 }, itl_ms: 50 }
 * ```
 */
export function sloFromFlags(values: readonly string[], percentile?: number): SloSpecInput {
  const out: Record<string, unknown> = {};
  if (percentile !== undefined) out.percentile = percentile;
  for (const raw of values) {
    const fail = (detail: string) =>
      new UserError(`Cannot parse --slo "${raw}": ${detail}`, { exitCode: 2 });
    const m = SYNTAX.exec(raw.replaceAll(/\s+/g, ""));
    if (!m) throw fail(EXAMPLE);
    const [, metric, pct, time, unit] = m;
    if (!(metric in FIELD)) {
      throw fail(`unknown metric "${metric}" (one of ${Object.keys(FIELD).join(", ")})`);
    }
    const field = FIELD[metric as keyof typeof FIELD];
    if (field in out) throw fail(`"${metric}" is given twice`);
    const ms = Number(time) * (unit === "s" ? 1000 : 1);
    if (!(ms > 0)) throw fail(`time "${time}${unit ?? ""}" must be above 0`);
    if (pct === undefined) {
      out[field] = ms;
      continue;
    }
    const p = Number(pct);
    if (!(p > 0 && p <= 100)) throw fail(`percentile "${pct}" not in (0, 100]`);
    out[field] = { ms, percentile: p };
  }
  return out as SloSpecInput;
}
