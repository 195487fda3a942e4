/** @module The capacity search's options, checked, and its step rules (bracketing, refining). */
import { UserError } from "../util/errors.ts";

/** How to search. */
export interface SearchOptions {
  /** `integer`: users or concurrency; `real`: a request rate. */
  kind: "integer" | "real";
  min: number;
  max: number;
  /** First load probed; default `min`. */
  start?: number;
  /** Bracketing factor, > 1; default 2. */
  growth?: number;
  /** Stop when good and bad loads are this close; default 1 (integer) or 0 (real). */
  resolution?: number;
  /** …or this share of the good load apart; default 0 (integer) or 0.05 (real). */
  relative_resolution?: number;
  method?: "bisect" | "interpolate";
  /** Every probe counts, trials included; default 16 + 8 per trial. */
  max_probes?: number;
  /** Time budget, ms (against `now`); default unbounded. */
  budget_ms?: number;
  /** Repeated searches around the answer, for the confidence interval; default 0. */
  trials?: number;
  /** The clock, ms; default `performance.now`. */
  now?: () => number;
  signal?: AbortSignal;
}

/** The resolved options, checked. */
export type Plan = Required<Omit<SearchOptions, "signal">> & { signal?: AbortSignal };

/**
 * Checks the options before anything is measured.
 *
 * @throws {UserError} exit code 2, one line: a range that cannot bracket (min not below max),
 * a start outside it, a growth ≤ 1, a whole-number load that is not whole, a bound ≤ 0
 */
export function planSearch(o: SearchOptions): Plan {
  const integer = o.kind === "integer";
  const p: Plan = {
    kind: o.kind,
    min: o.min,
    max: o.max,
    start: o.start ?? o.min,
    growth: o.growth ?? 2,
    resolution: o.resolution ?? (integer ? 1 : 0),
    relative_resolution: o.relative_resolution ?? (integer ? 0 : 0.05),
    method: o.method ?? "bisect",
    max_probes: o.max_probes ?? 16 + 8 * (o.trials ?? 0),
    budget_ms: o.budget_ms ?? Infinity,
    trials: o.trials ?? 0,
    now: o.now ?? (() => performance.now()),
    signal: o.signal,
  };
  const fail = (m: string) => new UserError(`Cannot search capacity: ${m}`, { exitCode: 2 });
  if (!(p.min > 0)) throw fail(`min "${p.min}" must be above 0`);
  if (!(p.max > p.min)) {
    throw fail(`range "${p.min}"–"${p.max}" cannot bracket a capacity (min must be below max)`);
  }
  if (!(p.start >= p.min && p.start <= p.max)) {
    throw fail(`start "${p.start}" is outside the range "${p.min}"–"${p.max}"`);
  }
  if (integer && ![p.min, p.max, p.start].every(Number.isInteger)) {
    throw fail(`min, max and start must be whole numbers for users or concurrency`);
  }
  if (!(p.growth > 1)) throw fail(`growth must be above 1`);
  if (integer ? !(p.resolution >= 1) : !(p.resolution > 0 || p.relative_resolution > 0)) {
    throw fail(`resolution must be at least 1 for whole loads, above 0 otherwise`);
  }
  if (!(p.max_probes >= 1) || !(p.trials >= 0)) throw fail(`max_probes must be at least 1`);
  return p;
}

/** A bracket end: its load and its SLO margin (if the probe gave one). */
export interface Bound {
  load: number;
  margin?: number | null;
}

/** The k-th (0-based) bracketing step from `x` in direction `dir`. */
export type Step = (x: number, dir: 1 | -1, k: number) => number;

/** Main search: × or ÷ `growth` each step (whole loads move at least 1). */
export function geometric(p: Plan): Step {
  const g = p.growth;
  if (p.kind === "real") return (x, dir) => (dir > 0 ? x * g : x / g);
  return (x, dir) =>
    dir > 0 ? Math.max(x + 1, Math.ceil(x * g)) : Math.min(x - 1, Math.floor(x / g));
}

/**
 * Trials: ± a base step that doubles each time (1, 2, 4… users), the base being the search's
 * resolution at the answer — a trial that lands a user or two away costs two or three probes.
 */
export function doubling(p: Plan, answer: number): Step {
  const base = Math.max(p.resolution, p.relative_resolution * answer);
  const unit = p.kind === "integer" ? Math.max(1, Math.round(base)) : base;
  return (x, dir, k) => x + dir * unit * 2 ** k;
}

/** Good and bad loads close enough to stop. */
export function resolved(p: Plan, good: number, bad: number): boolean {
  const gap = Math.abs(bad - good);
  return gap <= p.resolution || gap <= p.relative_resolution * good;
}

/** The next load strictly between the good and the bad one. */
export function pick(
  p: Plan,
  good: Bound,
  bad: Bound,
  forceBisect: boolean,
): number {
  const [a, b] = [good.load, bad.load];
  let x = (a + b) / 2;
  const mg = good.margin;
  const mb = bad.margin;
  if (
    p.method === "interpolate" && !forceBisect && typeof mg === "number" &&
    typeof mb === "number" && mg >= 0 && mb < 0
  ) {
    const w = b - a;
    x = a + w * (mg / (mg - mb));
    x = Math.min(Math.max(x, a + 0.1 * w), b - 0.1 * w);
  }
  if (p.kind === "real") return x;
  const lo = Math.min(a, b) + 1;
  const hi = Math.max(a, b) - 1;
  return Math.min(hi, Math.max(lo, Math.round(x)));
}
