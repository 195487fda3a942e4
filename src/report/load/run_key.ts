/** @module Identifies a run (round × load) and names it for tables and charts. */

/**
 * What identifies a run: its round and its load (concurrency, or request rate in rate mode), and
 * in a repeated sweep its trial (absent or 1 for the first).
 */
export interface RunId {
  round: number;
  concurrency: number | null;
  request_rate: number | null;
  trial?: number;
}

/** A string key for maps: equal for the same round, load and trial (trial 1 adds nothing). */
export function runKey(run: RunId): string {
  return `${run.round}|${loadKey(run)}${(run.trial ?? 1) > 1 ? `|t${run.trial}` : ""}`;
}

/** The run's id fields alone (trial 1 when absent). */
export function runIdOf(run: RunId): Required<RunId> {
  return {
    round: run.round,
    concurrency: run.concurrency,
    request_rate: run.request_rate,
    trial: run.trial ?? 1,
  };
}

/** A string key for the load alone (the same load across rounds). */
export function loadKey(run: RunId): string {
  return run.concurrency !== null ? `c${run.concurrency}` : `r${run.request_rate}`;
}

/** The load as short text: `c=8` or `2 req/s`. */
export function loadLabel(run: RunId): string {
  return run.concurrency !== null ? `c=${run.concurrency}` : `${run.request_rate} req/s`;
}

/** The run as short text: `R1 c=8`, and `R1 c=8 T2` for a later trial. */
export function runLabel(run: RunId): string {
  return `R${run.round} ${loadLabel(run)}${(run.trial ?? 1) > 1 ? ` T${run.trial}` : ""}`;
}

/** Orders runs by load (concurrency runs first, then rate runs, ascending), then by round. */
export function compareLoads(a: RunId, b: RunId): number {
  const mode = (r: RunId) => (r.concurrency !== null ? 0 : 1);
  const value = (r: RunId) => r.concurrency ?? r.request_rate ?? 0;
  return mode(a) - mode(b) || value(a) - value(b);
}

/** Orders runs by round, then by load, then by trial. */
export function compareRuns(a: RunId, b: RunId): number {
  return a.round - b.round || compareLoads(a, b) || (a.trial ?? 1) - (b.trial ?? 1);
}
