/** @module Identifies a run (round × load) and names it for tables and charts. */

/**
 * What identifies a run: its round and its load (concurrency, a request rate, or users), and for
 * a capacity search's repeated trials the trial (the same load may be probed once per trial).
 */
export interface RunId {
  round: number;
  concurrency: number | null;
  request_rate: number | null;
  /** Users mode's concurrent conversations; null or absent in the other modes. */
  users?: number | null;
  /** A capacity search's trial; 0 or absent for a sweep run and the main search. */
  trial?: number | null;
}

/** The id fields of a run, record or row (users and trial only when set). */
export function runIdOf(run: RunId): RunId {
  const id: RunId = {
    round: run.round,
    concurrency: run.concurrency,
    request_rate: run.request_rate,
  };
  if (run.users != null) id.users = run.users;
  if (run.trial) id.trial = run.trial;
  return id;
}

/** A string key for maps: equal for the same round, load (and trial). */
export function runKey(run: RunId): string {
  return `${run.round}|${loadKey(run)}${run.trial ? `|t${run.trial}` : ""}`;
}

/** A string key for the load alone (the same load across rounds). */
export function loadKey(run: RunId): string {
  if (run.users != null) return `u${run.users}`;
  return run.concurrency !== null ? `c${run.concurrency}` : `r${run.request_rate}`;
}

/** The load as short text: `c=8`, `2 req/s` or `u=8` (users). */
export function loadLabel(run: RunId): string {
  if (run.users != null) return `u=${run.users}`;
  return run.concurrency !== null ? `c=${run.concurrency}` : `${run.request_rate} req/s`;
}

/** The load as a number: users, concurrency or request rate. */
export function loadValue(run: RunId): number {
  return run.users ?? run.concurrency ?? run.request_rate ?? 0;
}

/** The run as short text: `R1 c=8` (a capacity trial: `R1 u=8 t2`). */
export function runLabel(run: RunId): string {
  return `R${run.round} ${loadLabel(run)}${run.trial ? ` t${run.trial}` : ""}`;
}

/** Orders runs by load (concurrency runs first, then rate runs, then users, ascending), then by round. */
export function compareLoads(a: RunId, b: RunId): number {
  const mode = (r: RunId) => (r.users != null ? 2 : r.concurrency !== null ? 0 : 1);
  return mode(a) - mode(b) || loadValue(a) - loadValue(b);
}

/** Orders runs by round, then by load, then by trial. */
export function compareRuns(a: RunId, b: RunId): number {
  return a.round - b.round || compareLoads(a, b) || (a.trial ?? 0) - (b.trial ?? 0);
}
