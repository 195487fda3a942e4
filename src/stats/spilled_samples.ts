/**
 * @module Exact percentiles of more samples than should be held: values spill to a file, and the
 * few ranks a summary needs are found by narrowing histograms over the values' bits.
 */
import { FloatSpill } from "../io/float_spill.ts";
import type { Distribution } from "../results/summary.ts";
import { percentile } from "./distribution.ts";
import { ExactSum } from "./exact_sum.ts";

/** Most values collected and sorted for one rank before its bucket is split further. */
const COLLECT_MAX = 1 << 16;
/** The percentiles of a {@link Distribution}. */
const QS = [50, 90, 95, 99] as const;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * A value's 64 bits as two unsigned halves that sort like the values (negatives flipped): the
 * high half into `key[0]`, the low half into `key[1]`. Little-endian, as every target Deno runs on.
 */
function sortKey(v: number, key: Uint32Array): void {
  f64[0] = v;
  const lo = u32[0], hi = u32[1];
  if (hi >>> 31) {
    key[0] = ~hi >>> 0;
    key[1] = ~lo >>> 0;
  } else {
    key[0] = (hi | 0x80000000) >>> 0;
    key[1] = lo;
  }
}

/** 16 bits of a key: part 0 is the top of the high half, part 3 the bottom of the low half. */
function part(key: Uint32Array, level: number): number {
  const half = key[level >> 1];
  return level & 1 ? half & 0xffff : half >>> 16;
}

/** The value a full key (all four parts known) stands for. */
function valueOf(parts: readonly number[]): number {
  let hi = ((parts[0] << 16) | parts[1]) >>> 0;
  let lo = ((parts[2] << 16) | parts[3]) >>> 0;
  if (hi >>> 31) hi = (hi & 0x7fffffff) >>> 0;
  else {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  }
  u32[0] = lo;
  u32[1] = hi;
  return f64[0];
}

/** One rank being narrowed: the key parts its value is known to start with, its rank among them. */
interface Search {
  /** The rank asked for (0-based, among all values). */
  target: number;
  /** Its rank among the values with `prefix`. */
  rank: number;
  prefix: number[];
  /** Counts of the next part among values with the prefix. */
  histogram: Uint32Array;
  value?: number;
}

/** What one read does for a prefix: keep its values, or count their next part. */
interface Pass {
  prefix: readonly number[];
  values: number[] | null;
  next: Uint32Array | null;
}

/**
 * Latency samples held on disk, summarized exactly: the same {@link Distribution} that
 * `summarize` gives for the same values in memory (the mean is an order-free exact sum, the
 * percentiles the same interpolation between the same ranks), with memory that does not grow
 * with the count: a 256 KiB histogram, one read chunk, and at most {@link COLLECT_MAX} values
 * per rank looked up.
 *
 * How a rank is found: the values' sort keys (their bits, reordered to sort as the values do)
 * are counted by their top 16 bits as they arrive. The bucket holding the rank is then read
 * back: its values are collected and sorted when they are few, else counted by their next 16
 * bits, and so on; four levels name every bit, where all remaining values are equal.
 *
 * @example
 * ```ts
 * const s = new SpilledSamples(dir);
 * for (const r of records) s.push(r.ttft_ms);
 * const d = s.distribution(); // d.p99 is exact
 * s.close();
 * ```
 */
export class SpilledSamples {
  readonly #spill: FloatSpill;
  readonly #top = new Uint32Array(1 << 16);
  readonly #key = new Uint32Array(2);
  readonly #sum = new ExactSum();
  #min = Infinity;
  #max = -Infinity;

  /** @param dir an existing folder for the spill file (the caller removes it) */
  constructor(dir: string) {
    this.#spill = FloatSpill.create(dir);
  }

  /** Values added so far. */
  get count(): number {
    return this.#spill.count;
  }

  /** Adds one value (finite). */
  push(v: number): void {
    this.#spill.push(v);
    sortKey(v, this.#key);
    this.#top[this.#key[0] >>> 16]++;
    this.#sum.add(v);
    // −0 sorts before 0, as in the sorted samples `summarize` takes its min and max from.
    if (v < this.#min || (v === this.#min && Object.is(v, -0))) this.#min = v;
    if (v > this.#max || (v === this.#max && Object.is(this.#max, -0))) this.#max = v;
  }

  /** The summary of every value added; null when none was. */
  distribution(): Distribution | null {
    const n = this.count;
    if (n === 0) return null;
    const ranks = new Set<number>();
    for (const q of QS) {
      const r = (q / 100) * (n - 1);
      ranks.add(Math.floor(r));
      ranks.add(Math.ceil(r));
    }
    const at = this.#select([...ranks]);
    // The same interpolation as `summarize`: `percentile` reads only these ranks.
    const sorted: ArrayLike<number> = { length: n, ...Object.fromEntries(at) };
    return {
      count: n,
      mean: this.#sum.value() / n,
      min: this.#min,
      max: this.#max,
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
    };
  }

  /** Closes and removes the spill file. */
  close(): void {
    this.#spill.close();
  }

  /** The values at the given 0-based ranks of the sorted samples. */
  #select(ranks: number[]): Map<number, number> {
    const searches: Search[] = ranks.map((rank) => ({
      target: rank,
      rank,
      prefix: [],
      histogram: this.#top,
    }));
    for (;;) {
      // Step every unresolved search down its histogram; collect or count further in one read,
      // shared by searches that land in the same bucket (p50's two ranks, say).
      const passes = new Map<string, Pass>();
      const waiting: Array<{ s: Search; pass: Pass }> = [];
      for (const s of searches) {
        if (s.value !== undefined) continue;
        let bucket = 0;
        let before = 0;
        while (before + s.histogram[bucket] <= s.rank) before += s.histogram[bucket++];
        s.rank -= before;
        s.prefix.push(bucket);
        if (s.prefix.length === 4) {
          s.value = valueOf(s.prefix);
          continue;
        }
        const id = s.prefix.join(",");
        let pass = passes.get(id);
        if (!pass) {
          const few = s.histogram[bucket] <= COLLECT_MAX;
          pass = {
            prefix: s.prefix,
            values: few ? [] : null,
            next: few ? null : new Uint32Array(1 << 16),
          };
          passes.set(id, pass);
        }
        waiting.push({ s, pass });
      }
      if (waiting.length === 0) break;
      this.#read([...passes.values()]);
      const sorted = new Map<Pass, Float64Array>();
      for (const { s, pass } of waiting) {
        if (pass.next) {
          s.histogram = pass.next;
          continue;
        }
        let values = sorted.get(pass);
        if (!values) sorted.set(pass, values = Float64Array.from(pass.values!).sort());
        s.value = values[s.rank];
      }
    }
    return new Map(searches.map((s) => [s.target, s.value!]));
  }

  /** One pass over the spill: the values under each prefix kept, or their next part counted. */
  #read(passes: readonly Pass[]): void {
    const key = new Uint32Array(2);
    const under = (prefix: readonly number[]) => {
      for (let l = 0; l < prefix.length; l++) if (part(key, l) !== prefix[l]) return false;
      return true;
    };
    for (const chunk of this.#spill.chunks()) {
      for (let i = 0; i < chunk.length; i++) {
        const v = chunk[i];
        sortKey(v, key);
        for (const p of passes) {
          if (!under(p.prefix)) continue;
          if (p.values) p.values.push(v);
          else p.next![part(key, p.prefix.length)]++;
        }
      }
    }
  }
}
