/** @module Perf: the paired bootstrap of one run group at nightly size (compare and the gate). */
import { FIGURES } from "../../src/compare/figures.ts";
import { seededRandom } from "../../src/io/random.ts";
import { comparePaired } from "../../src/stats/bootstrap.ts";
import type { SampleRequest } from "../../src/stats/paired_samples.ts";
import type { PerfRow } from "./row.ts";

const SESSIONS = 200;
const TURNS = 4;
const TRIALS = 3;
const GAPS = 256;

function side(factor: number, seed: number): SampleRequest[] {
  const random = seededRandom(seed);
  const out: SampleRequest[] = [];
  for (let trial = 1; trial <= TRIALS; trial++) {
    for (let s = 0; s < SESSIONS; s++) {
      for (let turn = 0; turn < TURNS; turn++) {
        out.push({
          trial,
          session: `s${s}`,
          turn,
          ok: true,
          ttft: (80 + s / 4) * factor + random() * 20,
          e2e: 3000 + random() * 100,
          tpot: 12,
          itl: Array.from({ length: GAPS }, () => 12 + random()),
          prompt: 1000,
          cached: 500,
          output: GAPS + 1,
          slo: null,
        });
      }
    }
  }
  return out;
}

/** Times comparePaired on one group of 2,400 requests × 256 gaps a side. */
export default function (): Promise<PerfRow[]> {
  const a = side(1, 1);
  const b = side(1.05, 2);
  const figures = FIGURES.filter((f) => f.stat.kind !== "trial" && f.id !== "slo_attainment_pct");
  const rows: PerfRow[] = [];
  for (const iterations of [1000, 2000]) {
    const t0 = performance.now();
    comparePaired({ requests: a }, { requests: b }, figures, { iterations });
    const s = (performance.now() - t0) / 1000;
    rows.push({
      figure: `bootstrap of one run group, ${
        TRIALS * SESSIONS * TURNS
      } req × ${GAPS} gaps a side, ${iterations} resamples`,
      value: s,
      unit: "s",
      target: "",
    });
  }
  return Promise.resolve(rows);
}
