/** @module The verdict of `require_cold` / `--require-cold`: a sweep whose cache resets did not clear fails. */
import type { SweepSummary } from "../results/summary.ts";

/**
 * With `require_cold`, a sweep in which a cache reset did not clear the cache (the next run's
 * first turns hit more than other sessions' prompts allow) measured warm runs it calls cold:
 * both `deno task bench` (exit 1) and the `sweep` stage (failed, not cached) stop on it after
 * writing the records and the summary.
 *
 * @returns the one-line reason naming the reset call and the runs; null when cold, or not required
 * @example
 * ```ts
 * notCold(summary);
 * // 'Cannot call the sweep cold: reset "POST http://…/slots/0?action=erase" did not clear the cache before round2_conc2 (95% of first-turn prompt tokens cached) …'
 * ```
 */
export function notCold(summary: SweepSummary): string | null {
  if (!summary.config.require_cold) return null;
  const bad = summary.runs.flatMap((r) => {
    const reset = r.cache_truth?.reset;
    if (!reset || reset.cleared !== false) return [];
    const load = r.request_rate === null ? `conc${r.concurrency}` : `rate${r.request_rate}`;
    return [{ url: reset.url, run: `round${r.round}_${load}`, share: reset.reported_share }];
  });
  if (bad.length === 0) return null;
  const runs = bad.map((b) => `${b.run} (${Math.round(b.share * 100)}% cached)`).join(", ");
  return `Cannot call the sweep cold: reset "${bad[0].url}" did not clear the cache before ` +
    `${runs}; first turns may hit only what other sessions sent (require_cold is set)`;
}
