/**
 * @module A confidence interval from a few repeated capacity estimates: Student's t on their mean.
 *
 * A capacity search repeats a handful of trials (3–5), each a full estimate. A bootstrap over so
 * few values cannot reach past their range and reads too narrow; the t-interval on the mean,
 * mean ± t₀.₉₇₅(n−1) · s/√n, widens honestly when the estimates are few or disagree.
 */

/** Two-sided 95% quantiles of Student's t, t₀.₉₇₅(df) for df = 1…30; 1.96 beyond. */
const T975 = [
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228,
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086,
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042,
];

/** A confidence interval of the mean of some estimates. */
export interface Interval {
  /** Confidence level, 0–1 (always 0.95). */
  level: number;
  mean: number;
  low: number;
  high: number;
  /** Estimates behind it. */
  n: number;
}

/**
 * The 95% t-interval of the mean of `values`; null with fewer than two. With `integer`, the
 * bounds are widened outward to whole numbers (a capacity in users is whole).
 *
 * @example
 * ```ts
 * meanInterval([36, 37, 38]); // { level: 0.95, mean: 37, low: 34.52, high: 39.48, n: 3 }
 * ```
 */
export function meanInterval(values: readonly number[], integer = false): Interval | null {
  const n = values.length;
  if (n < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const half = (T975[n - 2] ?? 1.96) * Math.sqrt(variance / n);
  const low = mean - half;
  const high = mean + half;
  return integer
    ? { level: 0.95, mean, low: Math.floor(low + 1e-9), high: Math.ceil(high - 1e-9), n }
    : { level: 0.95, mean, low, high, n };
}
