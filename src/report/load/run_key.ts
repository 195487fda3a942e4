/** @module Identifies a run (round × load) and names it for tables and charts. */

/** What identifies a run: its round and its load (concurrency, or request rate in rate mode). */
export interface RunId {
  round: number;
  concurrency: number | null;
  request_rate: number | null;
}

/** A string key for maps: equal for the same round and load. */
export function runKey(run: RunId): string {
  return `${run.round}|${loadKey(run)}`;
}

/** A string key for the load alone (the same load across rounds). */
export function loadKey(run: RunId): string {
  return run.concurrency !== null ? `c${run.concurrency}` : `r${run.request_rate}`;
}

/** The load as short text: `c=8` or `2 req/s`. */
export function loadLabel(run: RunId): string {
  return run.concurrency !== null ? `c=${run.concurrency}` : `${run.request_rate} req/s`;
}

/** The run as short text: `R1 c=8`. */
export function runLabel(run: RunId): string {
  return `R${run.round} ${loadLabel(run)}`;
}

/** Orders runs by load (concurrency runs first, then rate runs, ascending), then by round. */
export function compareLoads(a: RunId, b: RunId): number {
  const mode = (r: RunId) => (r.concurrency !== null ? 0 : 1);
  const value = (r: RunId) => r.concurrency ?? r.request_rate ?? 0;
  return mode(a) - mode(b) || value(a) - value(b);
}

/** Orders runs by round, then by load. */
export function compareRuns(a: RunId, b: RunId): number {
  return a.round - b.round || compareLoads(a, b);
}
