/**
 * @module Over-saturation: is a latency (or the waiting queue) still growing through a window?
 *
 * A server past its capacity under an open-loop load (request rate) queues without bound: every
 * request waits longer than the one before, and the run's percentiles describe the queue. Two
 * tests must agree before a series is called growing, because each alone is fooled:
 * - the least-squares slope of value against time, with its t statistic (slope / its standard
 *   error) above `t_critical` — significant, but consecutive requests are correlated, so a small
 *   stable drift can pass it;
 * - the median of the last third (by time) at least (1 + `min_growth`) × the median of the first
 *   third (never below `floor`, so a queue going 0 → 0.4 is not "doubling") — large, and robust
 *   to one stall or a bimodal but stable latency.
 * A closed loop (users, concurrency) cannot grow without bound — its queue is at most the users —
 * so there a flag means the run had not settled yet.
 */

/** A value (TTFT ms, waiting requests) at a time (epoch ms). */
export interface Point {
  t: number;
  v: number;
}

/** The trend of a series over a window. */
export interface Trend {
  samples: number;
  /** Least-squares slope, value units per second. */
  slope_per_s: number;
  /** slope / standard error; +∞ for an exact rising line, 0 for a flat one. */
  t_stat: number;
  first_median: number;
  last_median: number;
  /** last_median / max(first_median, floor) − 1. */
  growth: number;
}

/** When a trend counts as over-saturation. */
export interface SaturationRule {
  min_samples: number;
  t_critical: number;
  min_growth: number;
  /** Smallest first-third median the growth is taken against (1 ms, 1 request). */
  floor: number;
}

/** The rule a finished run is judged by. */
export const SATURATED: SaturationRule = {
  min_samples: 20,
  t_critical: 3,
  min_growth: 0.5,
  floor: 1,
};

/** The stricter rule that stops a probe early: plainly over-saturated. */
export const PLAINLY_SATURATED: SaturationRule = {
  min_samples: 30,
  t_critical: 5,
  min_growth: 1,
  floor: 1,
};

const median = (sorted: readonly number[]) => {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
};

/**
 * The trend of `points` (any order); null with fewer than 3.
 *
 * @example
 * ```ts
 * trend([{ t: 0, v: 10 }, { t: 1000, v: 20 }, { t: 2000, v: 30 }])?.slope_per_s; // 10
 * ```
 */
export function trend(points: readonly Point[], floor = 1): Trend | null {
  const n = points.length;
  if (n < 3) return null;
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const t0 = sorted[0].t;
  let sx = 0, sy = 0;
  for (const p of sorted) {
    sx += (p.t - t0) / 1000;
    sy += p.v;
  }
  const mx = sx / n, my = sy / n;
  let sxx = 0, sxy = 0, syy = 0;
  for (const p of sorted) {
    const dx = (p.t - t0) / 1000 - mx, dy = p.v - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const residual = Math.max(0, syy - slope * sxy) / (n - 2);
  const se = sxx > 0 ? Math.sqrt(residual / sxx) : 0;
  const t_stat = slope === 0 ? 0 : se === 0 ? Math.sign(slope) * Infinity : slope / se;
  const third = Math.max(1, Math.floor(n / 3));
  const byValue = (ps: Point[]) => ps.map((p) => p.v).sort((a, b) => a - b);
  const first_median = median(byValue(sorted.slice(0, third)));
  const last_median = median(byValue(sorted.slice(n - third)));
  return {
    samples: n,
    slope_per_s: slope,
    t_stat,
    first_median,
    last_median,
    growth: last_median / Math.max(first_median, floor) - 1,
  };
}

/** Whether a trend is over-saturation under `rule`. */
export function isGrowing(t: Trend | null, rule: SaturationRule = SATURATED): boolean {
  return t !== null && t.samples >= rule.min_samples && t.t_stat >= rule.t_critical &&
    t.growth >= rule.min_growth;
}

/**
 * An incremental detector fed as requests finish: says "plainly over-saturated" as soon as the
 * stricter rule holds, so a probe can stop early. No clock: times come with the points.
 *
 * @example
 * ```ts
 * const monitor = new SaturationMonitor();
 * monitor.startAt(loadReachedAt);          // ignore the warm-up
 * if (monitor.add(r.started_at, r.ttft_ms)) controller.abort();  // plainly saturated
 * ```
 */
export class SaturationMonitor {
  readonly #points: Point[] = [];
  #from = -Infinity;
  #plain = false;
  #sinceCheck = 0;

  /**
   * @param rule when to say "plainly" (default {@linkcode PLAINLY_SATURATED})
   * @param every re-evaluate after this many new points (the check sorts the window)
   */
  constructor(readonly rule: SaturationRule = PLAINLY_SATURATED, readonly every = 10) {}

  /** Drops points before `t` (epoch ms) and ignores later ones that start before it. */
  startAt(t: number): void {
    this.#from = t;
    const kept = this.#points.filter((p) => p.t >= t);
    this.#points.length = 0;
    this.#points.push(...kept);
  }

  /** Adds one request's value at its start time; returns true once plainly saturated. */
  add(t: number, v: number | null): boolean {
    if (this.#plain) return true;
    if (v === null || !Number.isFinite(v) || t < this.#from) return false;
    this.#points.push({ t, v });
    if (++this.#sinceCheck < this.every) return false;
    this.#sinceCheck = 0;
    this.#plain = isGrowing(trend(this.#points, this.rule.floor), this.rule);
    return this.#plain;
  }

  /** True once the rule has held (it stays true). */
  get plain(): boolean {
    return this.#plain;
  }

  /** The trend of the points so far. */
  trend(): Trend | null {
    return trend(this.#points, this.rule.floor);
  }
}
