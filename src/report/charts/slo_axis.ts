/**
 * @module What the SLO charts share: each round's runs with an SLO placed on a numeric load axis
 * (a capacity search probes loads at will, and repeats some in its trials: those are averaged),
 * and the found capacity drawn as a vertical line with its 95% interval.
 */
import { loadValue } from "../load/run_key.ts";
import type { ReportModel } from "../model/model.ts";
import { sloOf, sloScope } from "../model/slo.ts";
import type { SloSummary } from "../../results/slo.ts";
import { round2, type SeriesSpec } from "./chart.ts";
import { roundsOf } from "./axes.ts";

/** One load of a round: the SLO summaries of its runs (several with trials). */
export interface SloAt {
  load: number;
  runs: SloSummary[];
}

/** The SLO curves of a report. */
export interface SloCurves {
  /** Rounds with at least one SLO run, ascending. */
  rounds: number[];
  /** Per round, its loads ascending. */
  at: Map<number, SloAt[]>;
  xTitle: string;
}

/**
 * The runs with an SLO, per round and load.
 *
 * @example
 * ```ts
 * const { rounds, at } = sloCurves(model);
 * at.get(1)?.map((p) => p.load); // [1, 2, 4, 5, 6, 8]
 * ```
 */
export function sloCurves(m: ReportModel): SloCurves {
  const scope = sloScope(m.capacity);
  const at = new Map<number, SloAt[]>();
  for (const round of roundsOf(m)) {
    const loads = new Map<number, SloSummary[]>();
    for (const v of m.views.filter((v) => v.round === round)) {
      const slo = sloOf(v.summary, scope);
      if (!slo) continue;
      const x = loadValue(v);
      loads.set(x, [...loads.get(x) ?? [], slo]);
    }
    if (loads.size === 0) continue;
    at.set(
      round,
      [...loads].sort((a, b) => a[0] - b[0]).map(([load, runs]) => ({ load, runs })),
    );
  }
  const unit = m.capacity?.load ??
    (m.views.some((v) => v.users != null)
      ? "users"
      : m.views.some((v) => v.concurrency !== null)
      ? "concurrency"
      : "request_rate");
  const xTitle = unit === "users"
    ? "Concurrent conversations (users)"
    : unit === "concurrency"
    ? "Concurrency (sessions in flight)"
    : "Request rate (requests/s)";
  return { rounds: [...at.keys()], at, xTitle };
}

/** The mean of `pick` over the runs at a load; null when none has a value. */
export function meanOf(
  p: SloAt,
  pick: (s: SloSummary) => number | null | undefined,
): number | null {
  const values = p.runs.map(pick).filter((v): v is number => typeof v === "number");
  return values.length ? round2(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

/** `[load, value]` points of a curve, loads without a value left out. */
export function points(
  loads: readonly SloAt[],
  pick: (s: SloSummary) => number | null | undefined,
): Array<[number, number]> {
  return loads.flatMap((p) => {
    const y = meanOf(p, pick);
    return y === null ? [] : [[p.load, y] as [number, number]];
  });
}

/**
 * The found capacity as a vertical dashed line from 0 to `top`, and its 95% interval's ends
 * (dotted) when they differ from it; nothing without a capacity.
 */
export function capacityMarks(m: ReportModel, top: number): SeriesSpec[] {
  const c = m.capacity;
  if (!c || c.capacity === null) return [];
  const line = (x: number, label: string, dash: number[]): SeriesSpec => ({
    label,
    data: [[x, 0], [x, round2(top)]],
    color: "#444444",
    dash,
  });
  const out = [
    line(c.capacity, `Capacity ${c.capacity}${c.status === "found" ? "" : ` (${c.status})`}`, [
      8,
      4,
    ]),
  ];
  const i = c.interval;
  if (i && (i.low !== c.capacity || i.high !== c.capacity)) {
    out.push(line(i.low, `95% CI low ${round2(i.low)}`, [2, 3]));
    out.push(line(i.high, `95% CI high ${round2(i.high)}`, [2, 3]));
  }
  return out;
}

/** The load range of the curves: [lowest, highest]. */
export function loadRange(c: SloCurves): [number, number] {
  const loads = [...c.at.values()].flat().map((p) => p.load);
  return [Math.min(...loads), Math.max(...loads)];
}
