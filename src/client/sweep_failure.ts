/** @module The verdict on a sweep in which not one request succeeded (bench and the sweep stage). */
import type { SweepSummary } from "../results/summary.ts";

/**
 * A sweep in which requests failed and not one succeeded measured nothing but a misconfiguration
 * (endpoint, model, key): both `deno task bench` (exit 1) and the `sweep` stage (failed, never
 * cached as a measurement) stop on it; the records are kept either way.
 *
 * @param summary the sweep's summary
 * @returns the one-line reason, counting every run's errors by kind; null when any request
 *   succeeded or none failed
 * @example
 * ```ts
 * everyRequestFailed(summary);
 * // 'Every request failed (connection 12): check endpoint "http://…" and model "m"'
 * ```
 */
export function everyRequestFailed(summary: SweepSummary): string | null {
  const ok = summary.runs.reduce((n, r) => n + r.requests.ok, 0);
  const failed = summary.runs.reduce((n, r) => n + r.requests.failed, 0);
  if (ok > 0 || failed === 0) return null;
  const kinds = new Map<string, number>();
  for (const run of summary.runs) {
    for (const [kind, n] of Object.entries(run.errors)) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
  }
  const byKind = [...kinds].map(([kind, n]) => `${kind} ${n}`).join(", ");
  return `Every request failed (${byKind}): check endpoint "${summary.config.endpoint}" and model "${summary.config.model}"`;
}
