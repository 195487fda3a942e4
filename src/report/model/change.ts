/** @module A metric's change between two runs, in its unit and in percent. */

/** A metric's value in two runs and how it moved. */
export interface Change {
  from: number | null;
  to: number | null;
  /** to − from; null when either is unknown. */
  diff: number | null;
  /** (to − from) / from × 100; null when either is unknown or from is 0. */
  pct: number | null;
}

/**
 * Compares two values.
 *
 * @example
 * ```ts
 * change(200, 150); // { from: 200, to: 150, diff: -50, pct: -25 }
 * ```
 */
export function change(from: number | null | undefined, to: number | null | undefined): Change {
  const f = from ?? null;
  const t = to ?? null;
  if (f === null || t === null) return { from: f, to: t, diff: null, pct: null };
  return { from: f, to: t, diff: t - f, pct: f !== 0 ? ((t - f) / f) * 100 : null };
}
