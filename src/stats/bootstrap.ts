/**
 * @module The seeded bootstrap behind comparisons of two sweeps: for each figure, the change from
 * side A to side B with a confidence interval, drawn by resampling whole sessions (paired: the same
 * session ids on both sides, so one draw picks a session on both) and, when both sides ran
 * `repeat` ≥ 2 trials, whole trials too (each side's own, since trials are not paired).
 *
 * Why these units: a session's turns share their history (and the server's cache of it), so its
 * requests are not independent — the session is the unit that is. Resampling sessions alone sees
 * the spread between sessions inside one run, not a slow-down of the whole run (a busy machine);
 * trials see that too, which is what `repeat` is for.
 *
 * Speed: a resample is a vector of integer weights (how often each session and trial was drawn),
 * never a copied array. Each figure's values are sorted once; a weighted percentile is one scan of
 * them (from the nearer end), and it equals the interpolating percentile of src/stats/distribution.ts
 * over the resampled multiset exactly. Deterministic for a seed: the one PRNG of src/io/random.ts.
 *
 * Two small-sample guards, both found by measuring intervals between identical mocks
 * (tests/compare/false_positive_test.ts):
 * - A percentile gets an interval only with at least {@link MIN_TAIL_SAMPLES} values beyond it on
 *   each side (p99: 500 values): the bootstrap of an extreme order statistic (a p99 of 48 values is
 *   about their maximum) is known to be wrong, and it called differences between identical mocks.
 * - Resampling n trials gives a mean whose spread is (n − 1)/n of the true one; each side's
 *   resampled values are widened around its point value by √(n / (n − 1)) (the usual
 *   small-sample correction). A run-level figure (one value per trial) is a mean of 3–5 values
 *   whose spread is itself estimated from them: its resampled changes are widened further, around
 *   the point change, by t(df) / z — the width a Student-t interval has with df = nA + nB − 2 —
 *   where 3 trials against 3 otherwise called up to 8% of identical pairs different.
 */
import { seededRandom } from "../io/random.ts";
import { percentile } from "./distribution.ts";
import { normalQuantile, tQuantile } from "./quantiles.ts";
import type { SampleRequest } from "./paired_samples.ts";

/** Values a percentile needs beyond it (n × (1 − q/100), or n × q/100 below p50) for an interval. */
export const MIN_TAIL_SAMPLES = 5;

/**
 * Trials each side needs before a run-level figure (throughput) gets an interval: the mean of 2
 * resampled trials takes 3 values only, and such intervals called 12% of identical pairs different.
 */
export const MIN_TRIALS_FOR_RUN_FIGURES = 3;

/** How a figure is computed from one side's requests. */
export type Statistic =
  /** The q-th percentile (0–100) of per-request values (a list for ITL gaps), successes only. */
  | { kind: "percentile"; q: number; values(r: SampleRequest): number | readonly number[] | null }
  /** Σ num / Σ den × scale over requests where both are known (cache hit %, error %). */
  | {
    kind: "ratio";
    num(r: SampleRequest): number | null;
    den(r: SampleRequest): number | null;
    scale?: number;
  }
  /** A run-level figure per trial (`BootstrapSide.trialValues[id]`), averaged over trials. */
  | { kind: "trial" };

/** One figure to compare. */
export interface FigureSpec {
  id: string;
  /** `lower`: a rise is worse (latency); `higher`: a fall is worse (throughput). */
  better: "lower" | "higher";
  /** `relative`: (B − A) / A × 100, in %; `points`: B − A (for figures that are percentages). */
  change: "relative" | "points";
  stat: Statistic;
}

/** One side of a comparison. */
export interface BootstrapSide {
  requests: readonly SampleRequest[];
  /** Run-level values by figure id, per trial (throughput, goodput); null where unknown. */
  trialValues?: Readonly<Record<string, ReadonlyMap<number, number | null>>>;
}

/** Options of {@link comparePaired}. */
export interface BootstrapOptions {
  /** Resamples; default 2000. */
  iterations?: number;
  /** Confidence level of the interval, in (0, 1); default 0.95. */
  confidence?: number;
  /** Seed of the resampling; default 1. */
  seed?: number;
}

/** How an interval was drawn. */
export type IntervalMethod = "sessions" | "trials" | "none";

/** One figure's change from A to B. */
export interface FigureChange {
  id: string;
  a: number | null;
  b: number | null;
  /** % (relative) or points; null when A or B is unknown (or A is 0 for a relative change). */
  change: number | null;
  /** The interval of the change; null when none could be drawn (see `note`). */
  low: number | null;
  high: number | null;
  method: IntervalMethod;
  note: string | null;
}

/** The comparison of two sides. */
export interface PairedComparison {
  /** `trials` when both sides have ≥ 2 trials, else `sessions`. */
  method: "sessions" | "trials";
  /** Whether sessions were matched across the sides (false when no session id is on both). */
  paired: boolean;
  sessions: { paired: number; onlyA: number; onlyB: number };
  trials: { a: number; b: number };
  iterations: number;
  confidence: number;
  figures: FigureChange[];
}

/** A 32-bit seed from parts (FNV-1a of their text): one independent stream per comparison. */
export function seedOf(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("\u0000")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

/**
 * The q-th percentile of a multiset given as sorted values with integer weights (the value at
 * index i counted `weights[units[i]]` times), interpolating as {@linkcode percentile} does.
 *
 * @param total Σ of the weights of every value (> 0)
 * @example
 * ```ts
 * weightedPercentile(Float64Array.of(1, 2, 3), Int32Array.of(0, 1, 2), Float64Array.of(2, 0, 1), 3, 50); // 1
 * ```
 */
export function weightedPercentile(
  sorted: Float64Array,
  units: Int32Array,
  weights: Float64Array,
  total: number,
  q: number,
): number {
  const rank = (q / 100) * (total - 1);
  const lo = Math.floor(rank);
  const frac = rank - lo;
  if (lo < total / 2) {
    let cum = 0;
    let low: number | null = null;
    for (let i = 0; i < sorted.length; i++) {
      const w = weights[units[i]];
      if (w === 0) continue;
      if (low !== null) return low + (sorted[i] - low) * frac;
      cum += w;
      if (cum > lo) {
        low = sorted[i];
        if (frac === 0 || cum > lo + 1) return low;
      }
    }
    return low!;
  }
  // From the top: the values at ranks lo + 1 and lo are at positions tHigh < tLow from the end.
  const tHigh = total - 2 - lo;
  const tLow = total - 1 - lo;
  let cum = 0;
  let high = sorted[sorted.length - 1];
  let found = false;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const w = weights[units[i]];
    if (w === 0) continue;
    cum += w;
    if (!found && cum > tHigh) {
      high = sorted[i];
      found = true;
    }
    if (cum > tLow) return frac === 0 ? sorted[i] : sorted[i] + (high - sorted[i]) * frac;
  }
  return sorted[0];
}

interface Prepared {
  /** Per unit: its session index and trial index. */
  unitSession: Int32Array;
  unitTrial: Int32Array;
  trials: number[];
  stats: Array<PreparedStat>;
}

type PreparedStat =
  | { kind: "percentile"; q: number; sorted: Float64Array; units: Int32Array; count: Float64Array }
  | { kind: "ratio"; num: Float64Array; den: Float64Array; scale: number }
  | { kind: "trial"; values: Float64Array };

function trialsOf(side: BootstrapSide): number[] {
  const set = new Set(side.requests.map((r) => r.trial));
  for (const m of Object.values(side.trialValues ?? {})) for (const t of m.keys()) set.add(t);
  return [...set].sort((a, b) => a - b);
}

function prepare(
  side: BootstrapSide,
  sessions: Map<string, number>,
  figures: FigureSpec[],
): Prepared {
  const trials = trialsOf(side);
  const trialIndex = new Map(trials.map((t, i) => [t, i]));
  const unitOf = new Map<string, number>();
  const unitSession: number[] = [];
  const unitTrial: number[] = [];
  const kept: Array<{ r: SampleRequest; unit: number }> = [];
  for (const r of side.requests) {
    const s = sessions.get(r.session);
    if (s === undefined) continue;
    const t = trialIndex.get(r.trial)!;
    const key = `${t}:${s}`;
    let unit = unitOf.get(key);
    if (unit === undefined) {
      unit = unitSession.length;
      unitOf.set(key, unit);
      unitSession.push(s);
      unitTrial.push(t);
    }
    kept.push({ r, unit });
  }
  const units = unitSession.length;
  // Figures with the same values function (p50 and p99 of ITL) share one sorted copy.
  const sortedBy = new Map<
    unknown,
    { sorted: Float64Array; units: Int32Array; count: Float64Array }
  >();
  const stats = figures.map((f): PreparedStat => {
    const st = f.stat;
    if (st.kind === "trial") {
      const m = side.trialValues?.[f.id];
      return { kind: "trial", values: Float64Array.from(trials, (t) => m?.get(t) ?? NaN) };
    }
    if (st.kind === "ratio") {
      const num = new Float64Array(units);
      const den = new Float64Array(units);
      for (const { r, unit } of kept) {
        const n = st.num(r);
        const d = st.den(r);
        if (n === null || d === null) continue;
        num[unit] += n;
        den[unit] += d;
      }
      return { kind: "ratio", num, den, scale: st.scale ?? 1 };
    }
    const shared = sortedBy.get(st.values);
    if (shared) return { kind: "percentile", q: st.q, ...shared };
    const values: number[] = [];
    const unitsOf: number[] = [];
    const count = new Float64Array(units);
    for (const { r, unit } of kept) {
      const v = st.values(r);
      if (v === null) continue;
      if (typeof v === "number") {
        values.push(v);
        unitsOf.push(unit);
        count[unit]++;
      } else {
        for (const x of v) {
          values.push(x);
          unitsOf.push(unit);
        }
        count[unit] += v.length;
      }
    }
    const vals = Float64Array.from(values);
    const order = Uint32Array.from(values, (_, i) => i).sort((i, j) => vals[i] - vals[j]);
    const prepared = {
      sorted: Float64Array.from(order, (i) => vals[i]),
      units: Int32Array.from(order, (i) => unitsOf[i]),
      count,
    };
    sortedBy.set(st.values, prepared);
    return { kind: "percentile", q: st.q, ...prepared };
  });
  return {
    unitSession: Int32Array.from(unitSession),
    unitTrial: Int32Array.from(unitTrial),
    trials,
    stats,
  };
}

function evaluate(s: PreparedStat, unitW: Float64Array, trialW: Float64Array): number | null {
  if (s.kind === "trial") {
    let sum = 0;
    let n = 0;
    for (let t = 0; t < s.values.length; t++) {
      if (Number.isNaN(s.values[t]) || trialW[t] === 0) continue;
      sum += s.values[t] * trialW[t];
      n += trialW[t];
    }
    return n ? sum / n : null;
  }
  if (s.kind === "ratio") {
    let num = 0;
    let den = 0;
    for (let u = 0; u < unitW.length; u++) {
      num += s.num[u] * unitW[u];
      den += s.den[u] * unitW[u];
    }
    return den ? (num / den) * s.scale : null;
  }
  let total = 0;
  for (let u = 0; u < unitW.length; u++) total += s.count[u] * unitW[u];
  return total ? weightedPercentile(s.sorted, s.units, unitW, total, s.q) : null;
}

/** Why a percentile's values are too few for an interval; null when they are enough. */
function tooFew(s: PreparedStat): string | null {
  if (s.kind !== "percentile") return null;
  const n = s.sorted.length;
  const share = Math.min(s.q, 100 - s.q) / 100;
  if (n * share >= MIN_TAIL_SAMPLES) return null;
  const need = share > 0 ? Math.ceil(MIN_TAIL_SAMPLES / share) : Infinity;
  return `too few samples for a p${s.q} interval: ${n} (needs ${need}, ${MIN_TAIL_SAMPLES} beyond it)`;
}

function changeOf(f: FigureSpec, a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  if (f.change === "points") return b - a;
  return a === 0 ? null : ((b - a) / Math.abs(a)) * 100;
}

/** Fills `out` with multinomial counts: `out.length` draws among `out.length` items. */
function draw(out: Float64Array, random: () => number): void {
  out.fill(0);
  for (let i = 0; i < out.length; i++) out[Math.floor(random() * out.length)]++;
}

function unitWeights(p: Prepared, sw: Float64Array, tw: Float64Array, out: Float64Array): void {
  for (let u = 0; u < out.length; u++) out[u] = sw[p.unitSession[u]] * tw[p.unitTrial[u]];
}

/**
 * Compares side B with side A figure by figure: the point change on all the data, and a
 * percentile-bootstrap interval of it. Sessions are resampled paired (one draw of session ids
 * for both sides) when the sides share session ids — requests of sessions on one side only are
 * then left out — else each side's own; with ≥ 2 trials on both sides each side's trials are
 * resampled too, and run-level (`trial`) figures get an interval (with ≥
 * {@link MIN_TRIALS_FOR_RUN_FIGURES} trials each); without, they get none.
 *
 * @example
 * ```ts
 * const cmp = comparePaired({ requests: a }, { requests: b }, [{ id: "ttft_p50", better: "lower",
 *   change: "relative", stat: { kind: "percentile", q: 50, values: (r) => r.ttft } }], { seed: 1 });
 * cmp.figures[0].low; // lower end of the 95% interval of the change, %
 * ```
 */
export function comparePaired(
  a: BootstrapSide,
  b: BootstrapSide,
  figures: FigureSpec[],
  opts: BootstrapOptions = {},
): PairedComparison {
  const iterations = opts.iterations ?? 2000;
  const confidence = opts.confidence ?? 0.95;
  const random = seededRandom(opts.seed ?? 1);
  const ids = (s: BootstrapSide) => [...new Set(s.requests.map((r) => r.session))];
  const idsA = ids(a);
  const idsB = new Set(ids(b));
  const common = idsA.filter((s) => idsB.has(s));
  const paired = common.length > 0;
  const index = (list: string[]) => new Map(list.map((s, i) => [s, i]));
  const sessA = index(paired ? common : idsA);
  const sessB = paired ? sessA : index([...idsB]);
  const pa = prepare(a, sessA, figures);
  const pb = prepare(b, sessB, figures);
  const method = pa.trials.length >= 2 && pb.trials.length >= 2 ? "trials" : "sessions";
  const ones = (n: number) => new Float64Array(n).fill(1);
  const wa = ones(pa.unitSession.length);
  const wb = ones(pb.unitSession.length);
  const point = figures.map((f, i) => {
    const va = evaluate(pa.stats[i], wa, ones(pa.trials.length));
    const vb = evaluate(pb.stats[i], wb, ones(pb.trials.length));
    return { va, vb, change: changeOf(f, va, vb) };
  });
  const thin = figures.map((_, i) => tooFew(pa.stats[i]) ?? tooFew(pb.stats[i]));
  const runLevel = Math.min(pa.trials.length, pb.trials.length) >= MIN_TRIALS_FOR_RUN_FIGURES;
  const active = figures.map((f, i) =>
    (f.stat.kind !== "trial" || (method === "trials" && runLevel)) && thin[i] === null
  );
  const widen = (n: number) => (method === "trials" ? Math.sqrt(n / (n - 1)) : 1);
  const cA = widen(pa.trials.length);
  const cB = widen(pb.trials.length);
  const tail = 1 - (1 - confidence) / 2;
  const student = method === "trials"
    ? tQuantile(tail, pa.trials.length + pb.trials.length - 2) / normalQuantile(tail)
    : 1;
  const samples = figures.map(() => new Float64Array(iterations));
  const swA = new Float64Array(sessA.size);
  const swB = paired ? swA : new Float64Array(sessB.size);
  const twA = ones(pa.trials.length);
  const twB = ones(pb.trials.length);
  for (let it = 0; it < iterations; it++) {
    draw(swA, random);
    if (!paired) draw(swB, random);
    if (method === "trials") {
      draw(twA, random);
      draw(twB, random);
    }
    unitWeights(pa, swA, twA, wa);
    unitWeights(pb, swB, twB, wb);
    for (let i = 0; i < figures.length; i++) {
      if (!active[i] || point[i].change === null) continue;
      const va = evaluate(pa.stats[i], wa, twA);
      const vb = evaluate(pb.stats[i], wb, twB);
      const { va: a0, vb: b0, change: c0 } = point[i];
      const c = changeOf(
        figures[i],
        va === null ? null : a0! + cA * (va - a0!),
        vb === null ? null : b0! + cB * (vb - b0!),
      );
      const k = figures[i].stat.kind === "trial" ? student : 1;
      samples[i][it] = c === null ? NaN : c0! + k * (c - c0!);
    }
  }
  const alpha = (1 - confidence) / 2;
  const out = figures.map((f, i): FigureChange => {
    const { va, vb, change } = point[i];
    const base = { id: f.id, a: va, b: vb, change };
    if (change === null) {
      return { ...base, low: null, high: null, method: "none", note: "no value on one side" };
    }
    if (thin[i] !== null) return { ...base, low: null, high: null, method: "none", note: thin[i] };
    if (!active[i]) {
      return {
        ...base,
        low: null,
        high: null,
        method: "none",
        note: `a run-level figure: needs repeat ≥ ${MIN_TRIALS_FOR_RUN_FIGURES} on both sides ` +
          "for an interval",
      };
    }
    const good = samples[i].filter((v) => !Number.isNaN(v)).sort();
    if (good.length < iterations * 0.9) {
      return {
        ...base,
        low: null,
        high: null,
        method: "none",
        note: "too few resamples had a value",
      };
    }
    return {
      ...base,
      low: percentile(good, alpha * 100),
      high: percentile(good, (1 - alpha) * 100),
      method,
      note: null,
    };
  });
  return {
    method,
    paired,
    sessions: {
      paired: paired ? common.length : 0,
      onlyA: idsA.length - (paired ? common.length : 0),
      onlyB: idsB.size - (paired ? common.length : 0),
    },
    trials: { a: pa.trials.length, b: pb.trials.length },
    iterations,
    confidence,
    figures: out,
  };
}

/** What a change means: `same` is "no significant difference"; `unknown`: no interval. */
export type Verdict = "better" | "worse" | "same" | "unknown";

/**
 * The verdict of a change from its interval: worse (or better) only when the whole interval lies
 * beyond `margin` on that side (direction-aware: a rise is worse for `lower` figures).
 *
 * @param margin a change inside ±margin is not called a difference (the gate's threshold); ≥ 0
 * @example
 * ```ts
 * verdictOf({ low: 12, high: 25 }, "lower"); // "worse": TTFT up 12–25%
 * verdictOf({ low: 12, high: 25 }, "lower", 15); // "same": not surely past 15%
 * ```
 */
export function verdictOf(
  c: { low: number | null; high: number | null },
  better: "lower" | "higher",
  margin = 0,
): Verdict {
  if (c.low === null || c.high === null) return "unknown";
  const up = c.low > margin;
  const down = c.high < -margin;
  if (!up && !down) return "same";
  return up === (better === "lower") ? "worse" : "better";
}
