/**
 * @module Capacity search: the largest load that still meets the SLO, over an injected probe.
 *
 * A probe runs the workload at one load and says whether it met the SLO; the search only picks
 * loads. It assumes "meets" falls off once with load (a probe that meets above one that failed
 * is taken at its word: the bracket simply moves). A probe is good when it meets and is not
 * saturated — a saturated run's percentiles describe a queue, not the server.
 *
 * 1. Bracket: probe `start`; while good, multiply the load by `growth` (up to `max`); while
 *    bad, divide it (down to `min`). Good at `max` → `above_range` (capacity ≥ max); bad at
 *    `min` → `fails_at_min` (no capacity: the report says so).
 * 2. Refine between the last good and the first bad load: bisection, or (`interpolate`) the
 *    load where the probes' SLO margin (`1 − value/target`, > 0 good) crosses zero, kept 10%
 *    inside the bracket and falling back to bisection after two moves of the same end.
 * 3. Stop when the bracket is within `resolution` (absolute) or `relative_resolution` × the
 *    good load; a whole-number load is found exactly with resolution 1.
 * 4. Trials: the search is repeated `trials` times from the answer, bracketing with steps that
 *    start at the resolution and double (the probe gets the trial number, so a runner can vary
 *    its seeds); the answer and the trials' capacities give a 95% t-interval (`confidence.ts`).
 *
 * Bounds: `max_probes` counts every probe, trials included; a probe starts only if the time used
 * plus the longest probe so far fits in `budget_ms` (clock injected); an aborted signal stops
 * before the next probe. Stopped before resolving → `stopped`, with the best good load so far.
 */
import { type Interval, meanInterval } from "./confidence.ts";
import {
  doubling,
  geometric,
  pick,
  type Plan,
  planSearch,
  resolved,
  type SearchOptions,
  type Step,
} from "./search_plan.ts";

export { planSearch, type SearchOptions };

/** What a probe reports; a runner may return more (its run summary) and gets it back. */
export interface ProbeResult {
  /** The run's percentiles met every target. */
  meets: boolean;
  /** The run never reached a steady state (TTFT or the queue still growing). */
  saturated?: boolean;
  /** Share of requests meeting every target, 0–1. */
  attainment?: number | null;
  /** Smallest 1 − value/target over the targets; used by `interpolate`. */
  margin?: number | null;
}

/** Where a probe sits in the search. */
export interface ProbeContext {
  /** 0-based, over the whole search. */
  index: number;
  /** 0 for the main search, 1… for the repeated trials. */
  trial: number;
  phase: "bracket" | "refine";
}

/** Runs the workload at `load` (whole users/concurrency, or a request rate). */
export type Probe<R extends ProbeResult> = (load: number, ctx: ProbeContext) => Promise<R>;

/** One probe as it ran, in order. */
export interface ProbeRecord<R> {
  index: number;
  trial: number;
  phase: "bracket" | "refine";
  load: number;
  /** Met the SLO and not saturated. */
  good: boolean;
  result: R;
  started_ms: number;
  ended_ms: number;
}

/** How a search (or one trial) ended. */
export type SearchStatus = "found" | "above_range" | "fails_at_min" | "stopped";

/** Why it stopped probing. */
export type StopReason = "resolved" | "range" | "max_probes" | "budget" | "aborted";

/** One repeated trial. */
export interface TrialOutcome {
  trial: number;
  status: SearchStatus;
  stop: StopReason;
  capacity: number | null;
}

/** What a search found, and every probe it ran so a report can redraw the curve. */
export interface SearchResult<R> {
  status: SearchStatus;
  stop: StopReason;
  /** The largest good load (a lower bound when `above_range` or `stopped`); null if none. */
  capacity: number | null;
  /** The last good and first bad load of the main search. */
  bracket: { good: number | null; bad: number | null };
  probes: ProbeRecord<R>[];
  trials: TrialOutcome[];
  /** 95% interval over the capacity and the trials' capacities; null with fewer than two. */
  interval: Interval | null;
  elapsed_ms: number;
}

/**
 * Finds the largest load that meets the SLO.
 *
 * @param probe runs one load; its result is kept in `probes`
 * @param options range, resolution, bounds and trials (see the module comment)
 * @returns the capacity, the status, the bracket, every probe in order, the trials and interval
 * @throws {UserError} on options that cannot bracket (before any probe); a probe's own errors
 * @example
 * ```ts
 * const r = await searchCapacity((users) => runProbe(users), { kind: "integer", min: 1, max: 256, start: 8 });
 * r.capacity; // e.g. 37
 * ```
 */
export async function searchCapacity<R extends ProbeResult>(
  probe: Probe<R>,
  options: SearchOptions,
): Promise<SearchResult<R>> {
  const p = planSearch(options);
  const run = new Prober(probe, p);
  const main = await locate(run, p, p.start, geometric(p), 0);
  const trials: TrialOutcome[] = [];
  if (main.status === "found" && main.good !== null) {
    for (let t = 1; t <= p.trials && run.stop === null; t++) {
      const r = await locate(run, p, main.good, doubling(p, main.good), t);
      const capacity = r.status === "stopped" ? null : r.good;
      trials.push({ trial: t, status: r.status, stop: r.stop, capacity });
    }
  }
  const estimates = [main.good, ...trials.map((t) => t.capacity)].filter((c) => c !== null);
  return {
    status: main.status,
    stop: main.stop,
    capacity: main.good,
    bracket: { good: main.good, bad: main.bad },
    probes: run.probes,
    trials,
    interval: main.status === "found" ? meanInterval(estimates, p.kind === "integer") : null,
    elapsed_ms: p.now() - run.t0,
  };
}

/** Runs probes within the bounds, recording each. */
class Prober<R extends ProbeResult> {
  readonly probes: ProbeRecord<R>[] = [];
  readonly t0: number;
  stop: StopReason | null = null;
  #longest = 0;

  constructor(readonly probe: Probe<R>, readonly p: Plan) {
    this.t0 = p.now();
  }

  /** Probes `load`; returns its record, or null when a bound stops the search first. */
  async at(load: number, trial: number, phase: ProbeRecord<R>["phase"]) {
    const started = this.p.now();
    if (this.p.signal?.aborted) this.stop = "aborted";
    else if (this.probes.length >= this.p.max_probes) this.stop = "max_probes";
    else if (started - this.t0 + this.#longest > this.p.budget_ms) this.stop = "budget";
    if (this.stop !== null) return null;
    const index = this.probes.length;
    const result = await this.probe(load, { index, trial, phase });
    const ended = this.p.now();
    this.#longest = Math.max(this.#longest, ended - started);
    const good = result.meets && !result.saturated;
    const rec = { index, trial, phase, load, good, result, started_ms: started, ended_ms: ended };
    this.probes.push(rec);
    return rec;
  }
}

interface Located {
  status: SearchStatus;
  stop: StopReason;
  good: number | null;
  bad: number | null;
}

/** Brackets from `start`, then refines; one search or one trial. */
async function locate<R extends ProbeResult>(
  run: Prober<R>,
  p: Plan,
  start: number,
  step: Step,
  trial: number,
): Promise<Located> {
  const up = (x: number, k: number) => Math.min(p.max, step(x, 1, k));
  const down = (x: number, k: number) => Math.max(p.min, step(x, -1, k));
  let good: ProbeRecord<R> | null = null;
  let bad: ProbeRecord<R> | null = null;
  const out = (status: SearchStatus, stop: StopReason): Located => ({
    status,
    stop,
    good: good?.load ?? null,
    bad: bad?.load ?? null,
  });
  const first = await run.at(start, trial, "bracket");
  if (first === null) return out("stopped", run.stop!);
  if (first.good) good = first;
  else bad = first;
  for (let k = 0; bad === null; k++) {
    if (good!.load >= p.max) return out("above_range", "range");
    const r = await run.at(up(good!.load, k), trial, "bracket");
    if (r === null) return out("stopped", run.stop!);
    if (r.good) good = r;
    else bad = r;
  }
  for (let k = 0; good === null; k++) {
    if (bad.load <= p.min) return out("fails_at_min", "range");
    const r = await run.at(down(bad.load, k), trial, "bracket");
    if (r === null) return out("stopped", run.stop!);
    if (r.good) good = r;
    else bad = r;
  }
  let sameEnd = 0;
  let lastEnd: "good" | "bad" | null = null;
  while (!resolved(p, good.load, bad.load)) {
    const bound = (r: ProbeRecord<R>) => ({ load: r.load, margin: r.result.margin });
    const next = pick(p, bound(good), bound(bad), sameEnd >= 2);
    const r = await run.at(next, trial, "refine");
    if (r === null) return out("stopped", run.stop!);
    const end = r.good ? "good" : "bad";
    sameEnd = end === lastEnd ? sameEnd + 1 : 1;
    lastEnd = end;
    if (r.good) good = r;
    else bad = r;
  }
  return out("found", "resolved");
}
