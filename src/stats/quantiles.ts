/**
 * @module Quantiles of the normal and Student-t distributions, for widening a bootstrap interval
 * drawn from very few trials to the width a t-interval would have (src/stats/bootstrap.ts).
 * Approximations, accurate to ~1e-3 where they are used (df ≥ 2, levels 80–99.9%).
 */

/**
 * The p-quantile of the standard normal distribution (Acklam's rational approximation, relative
 * error below 1.2e-9).
 *
 * @throws {RangeError} unless 0 < p < 1
 * @example
 * ```ts
 * normalQuantile(0.975); // 1.95996…
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new RangeError(`Cannot take the normal quantile of "${p}": not in (0, 1)`);
  }
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * The p-quantile of Student's t with `df` degrees of freedom, by the Cornish–Fisher expansion in
 * the normal quantile (Abramowitz & Stegun 26.7.5): 4.27 for df 2 at p 0.975 (exact 4.30), 2.776
 * for df 4 (2.776).
 *
 * @throws {RangeError} unless 0 < p < 1 and df > 0
 * @example
 * ```ts
 * tQuantile(0.975, 4); // ≈ 2.776
 * ```
 */
export function tQuantile(p: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`Cannot take a t quantile with "${df}" degrees of freedom`);
  const z = normalQuantile(p);
  const z2 = z * z;
  const g1 = (z2 + 1) * z / 4;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}
