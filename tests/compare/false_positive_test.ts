/**
 * @module The false-positive rate of comparisons: two identical mocks (same config, same seed),
 * swept side by side with 6 trials each, then compared many times — each repetition a different
 * pair of 3-trial subsets (one from each mock, drawn with a seeded sampler) and a different
 * bootstrap seed. Every repetition is a comparison of two identical servers measured apart, so
 * each "worse" or "better" is a false positive. Cheap: the sweeps are recorded once (a few
 * seconds), the repetitions reuse them. Deterministic given the recordings; the rates depend on
 * the machine's noise only through what was recorded. The rates are printed for the record.
 */
import assert from "node:assert/strict";
import { FIGURES } from "../../src/compare/figures.ts";
import { type ComparedSweep, loadCompared } from "../../src/compare/load.ts";
import { seededRandom } from "../../src/io/random.ts";
import { type BootstrapSide, comparePaired, verdictOf } from "../../src/stats/bootstrap.ts";
import type { MockConfigInput } from "../../mock/config.ts";
import { sweepMocks } from "./_mock_sweeps.ts";

const TRIALS = 6;
const REPETITIONS = 60;

const MOCK: MockConfigInput = {
  seed: 7,
  latency: { ttft_ms: 20, itl_ms: 2, jitter_ms: 1 },
  output: { distribution: "fixed", mean: 16, min: 16, max: 16 },
};

/** The requests and run-level values of some trials of a sweep's only run group. */
function side(s: ComparedSweep, trials: readonly number[]): BootstrapSide {
  const [[key, group]] = [...s.paired.groups];
  const values = s.trialValues.get(key)!;
  return {
    requests: group.requests.filter((r) => trials.includes(r.trial)),
    trialValues: Object.fromEntries(
      Object.entries(values).map((
        [id, m],
      ) => [id, new Map([...m].filter(([t]) => trials.includes(t)))]),
    ),
  };
}

/** Every k-subset of 1…n. */
function subsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const walk = (from: number, picked: number[]) => {
    if (picked.length === k) return void out.push(picked);
    for (let t = from; t <= n; t++) walk(t + 1, [...picked, t]);
  };
  walk(1, []);
  return out;
}

interface Rates {
  /** Verdicts with an interval, and how many of them called a difference, by figure. */
  byFigure: Record<string, { judged: number; called: number }>;
  /** Comparisons in which at least one figure called a difference. */
  anyCalled: number;
  comparisons: number;
}

function measure(a: ComparedSweep, b: ComparedSweep, pairs: Array<[number[], number[]]>): Rates {
  const rates: Rates = { byFigure: {}, anyCalled: 0, comparisons: 0 };
  pairs.forEach(([ta, tb], i) => {
    const sa = side(a, ta);
    const sb = side(b, tb);
    const figures = FIGURES.filter((f) =>
      f.applies(sa.requests, sa.trialValues!) && f.applies(sb.requests, sb.trialValues!)
    );
    const cmp = comparePaired(sa, sb, figures, { seed: 1000 + i, iterations: 1000 });
    let any = false;
    cmp.figures.forEach((f, j) => {
      const verdict = verdictOf(f, figures[j].better);
      if (verdict === "unknown") return;
      const r = rates.byFigure[f.id] ??= { judged: 0, called: 0 };
      r.judged++;
      if (verdict !== "same") {
        r.called++;
        any = true;
      }
    });
    rates.comparisons++;
    if (any) rates.anyCalled++;
  });
  return rates;
}

/** Figures that can differ between two identical mocks (the cache and errors are the same seeded draws). */
const NOISY = new Set(
  FIGURES.filter((f) => f.unit === "ms" || f.unit === "tok/s").map((f) => f.id),
);

/** Verdicts and calls over the noisy figures. */
function pooled(r: Rates): { judged: number; called: number } {
  const all = Object.entries(r.byFigure).filter(([id]) => NOISY.has(id)).map(([, x]) => x);
  return {
    judged: all.reduce((n, x) => n + x.judged, 0),
    called: all.reduce((n, x) => n + x.called, 0),
  };
}

function describe(name: string, r: Rates): string {
  const p = pooled(r);
  const figures = Object.entries(r.byFigure)
    .map(([id, x]) => `${id} ${x.called}/${x.judged}`).join(", ");
  return `${name}: ${r.comparisons} comparisons; no significant difference in ` +
    `${(100 * (1 - p.called / p.judged)).toFixed(1)}% of ${p.judged} timing-figure verdicts ` +
    `(${r.anyCalled} comparisons called some difference) — ${figures}`;
}

Deno.test("two identical mocks give no significant difference in ≥ 95% of repeated comparisons with trials", async () => {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-fp-" });
  try {
    const [da, db] = await sweepMocks(dir, {
      mocks: [MOCK, MOCK],
      sessions: 16,
      turns: 3,
      sweep: { repeat: TRIALS },
    });
    const a = await loadCompared(da, "a");
    const b = await loadCompared(db, "b");
    const threes = subsets(TRIALS, 3).map((s) => s.map((t) => t - 1)); // trials 0 … 5
    const random = seededRandom(42);
    const pick = () => threes[Math.floor(random() * threes.length)];
    const withTrials = measure(
      a,
      b,
      Array.from({ length: REPETITIONS }, () => [pick(), pick()] as [number[], number[]]),
    );
    // For the record: one trial against one (the paired session bootstrap alone), trials run at
    // the same time (i = i) and at different times (i ≠ j).
    const trials = Array.from({ length: TRIALS }, (_, i) => i);
    const together = measure(a, b, trials.map((t): [number[], number[]] => [[t], [t]]));
    const apart = measure(
      a,
      b,
      trials.flatMap((i) =>
        trials.filter((j) => j !== i).map((j): [number[], number[]] => [[i], [j]])
      ),
    );
    console.log(describe("3 trials against 3 (repeat)", withTrials));
    console.log(describe("1 trial against 1, run side by side", together));
    console.log(describe("1 trial against 1, run at different times", apart));

    const p = pooled(withTrials);
    assert.equal(withTrials.comparisons, REPETITIONS);
    assert.ok(p.judged >= REPETITIONS * 5, `enough figures had an interval: ${p.judged}`);
    assert.ok(
      "ttft_first_p50" in withTrials.byFigure && "output_tokens_per_s" in withTrials.byFigure,
      "TTFT and throughput were judged",
    );
    assert.ok(p.called / p.judged <= 0.05, describe("with trials", withTrials));
    // A looser bound per figure: the 60 repetitions share 6 recorded trials a side, so one odd
    // trial moves many of them together; no single figure may be badly calibrated.
    for (const [id, r] of Object.entries(withTrials.byFigure)) {
      assert.ok(r.called / r.judged <= 0.15, `${id}: ${r.called}/${r.judged} called a difference`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
