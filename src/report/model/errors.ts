/** @module Failed requests of a run by kind, with `other` for failures of no recorded kind. */
import { ErrorKind } from "../../results/record.ts";
import type { RunSummary } from "../../results/summary.ts";

/** Every error kind the report shows, in order: the recorded kinds, then `other`. */
export const ERROR_KINDS = [...ErrorKind.options, "other"] as const;

/** An error kind the report shows. */
export type ShownErrorKind = typeof ERROR_KINDS[number];

/**
 * A run's failures by kind, in {@link ERROR_KINDS} order, kinds with none left out; `other` is
 * the failures the summary counts under no kind.
 *
 * @example
 * ```ts
 * errorCounts(run); // [["http_429", 2], ["timeout", 1]]
 * ```
 */
export function errorCounts(s: RunSummary): Array<[ShownErrorKind, number]> {
  return ERROR_KINDS.map((k): [ShownErrorKind, number] => [
    k,
    k === "other" ? otherErrors(s) : s.errors[k] ?? 0,
  ]).filter(([, n]) => n > 0);
}

/** Failures the summary counts under no kind. */
export function otherErrors(s: RunSummary): number {
  const known = Object.values(s.errors).reduce((a, b) => a + (b ?? 0), 0);
  return Math.max(s.requests.failed - known, 0);
}
