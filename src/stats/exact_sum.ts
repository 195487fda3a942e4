/** @module A float sum that does not depend on the order of its terms (Shewchuk's exact partials, as Python's math.fsum). */

/**
 * Sums floats exactly and rounds once at the end, so the same values give the same bits in any
 * order: a mean from samples streamed in finish order equals the one from the same samples
 * sorted, or merged from shards. Costs a few float operations per term (the partials stay few
 * for latencies). An infinite or NaN term makes the sum what plain addition would.
 *
 * @example
 * ```ts
 * const s = new ExactSum();
 * for (const v of [0.1, 0.2, 0.3]) s.add(v);
 * s.value(); // 0.6 (a plain loop gives 0.6000000000000001)
 * ```
 */
export class ExactSum {
  /** Non-overlapping partial sums, smallest first (never more than ~40 for doubles). */
  readonly #partials = new Float64Array(64);
  #n = 0;
  /** The sum of the non-finite terms (0 while there are none). */
  #special = 0;

  /** Adds one term. */
  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.#special += x;
      return;
    }
    const p = this.#partials;
    const n = this.#n;
    let i = 0;
    for (let j = 0; j < n; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p[i] = x;
    this.#n = i + 1;
  }

  /** The sum, correctly rounded. */
  value(): number {
    if (this.#special !== 0) return this.#special;
    const p = this.#partials;
    let n = this.#n;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half-even across the remaining partials, as fsum does.
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}
