/**
 * @module A capacity search as summary.json keeps it (`capacity`; schema in
 * `src/results/slo.ts`), and its headline sentence.
 */
import type { CapacitySummary } from "../results/slo.ts";
import { describeSlo, type SloTargets } from "../slo/spec.ts";
import type { ProbeResult, SearchResult } from "./search.ts";

/** The load unit searched. */
export type LoadUnit = "users" | "concurrency" | "request_rate";

export { CapacitySummary, ProbeSummary } from "../results/slo.ts";

const UNIT: Record<LoadUnit, [string, string]> = {
  users: ["concurrent conversation", "concurrent conversations"],
  concurrency: ["session in flight", "sessions in flight"],
  request_rate: ["req/s", "req/s"],
};

const STOP: Record<string, string> = {
  max_probes: "out of probes",
  budget: "time budget spent",
  aborted: "interrupted",
};

function amount(n: number, load: LoadUnit): string {
  const [one, many] = UNIT[load];
  const value = load === "request_rate" ? String(Number(n.toPrecision(3))) : String(n);
  return `${value} ${n === 1 ? one : many}`;
}

/**
 * The headline: `capacity: 37 concurrent conversations (95% CI 35–39) at p95 follow-up TTFT
 * ≤ 500 ms and p95 ITL ≤ 50 ms`; a server failing at the lowest load, a capacity above the
 * range and a search cut short each say so.
 */
export function capacityHeadline<R extends ProbeResult>(
  r: SearchResult<R>,
  load: LoadUnit,
  targets: SloTargets,
  min: number,
): string {
  const at = `at ${describeSlo(targets)}`;
  if (r.status === "fails_at_min") {
    return `capacity: none — fails the SLO even at ${amount(min, load)} (${describeSlo(targets)})`;
  }
  if (r.capacity === null) return `capacity: unknown (search stopped: ${STOP[r.stop]}) ${at}`;
  if (r.status === "above_range") {
    return `capacity: at least ${amount(r.capacity, load)} (the top of the range) ${at}`;
  }
  if (r.status === "stopped") {
    return `capacity: at least ${amount(r.capacity, load)} (search stopped: ${STOP[r.stop]}) ${at}`;
  }
  const i = r.interval;
  const fmt = (x: number) => load === "request_rate" ? String(Number(x.toPrecision(3))) : String(x);
  const ci = i ? ` (95% CI ${fmt(i.low)}–${fmt(i.high)})` : "";
  return `capacity: ${amount(r.capacity, load)}${ci} ${at}`;
}

/**
 * The summary.json form of a search.
 *
 * @param runOf index of a probe's run in the sweep-like `runs` list (null if not kept)
 */
export function capacitySummary<R extends ProbeResult>(
  r: SearchResult<R>,
  o: {
    load: LoadUnit;
    targets: SloTargets;
    min: number;
    max?: number;
    runOf?: (index: number) => number | null;
  },
): CapacitySummary {
  return {
    load: o.load,
    status: r.status,
    stop: r.stop,
    capacity: r.capacity,
    bracket: r.bracket,
    interval: r.interval,
    trials: r.trials.map((t) => ({ trial: t.trial, capacity: t.capacity })),
    slo: describeSlo(o.targets),
    headline: capacityHeadline(r, o.load, o.targets, o.min),
    probes: r.probes.map((p) => ({
      index: p.index,
      trial: p.trial,
      phase: p.phase,
      load: p.load,
      good: p.good,
      meets: p.result.meets,
      saturated: p.result.saturated ?? false,
      attainment: p.result.attainment ?? null,
      run: o.runOf?.(p.index) ?? null,
    })),
    elapsed_s: r.elapsed_ms / 1000,
    ...(o.max === undefined ? {} : { range: { min: o.min, max: o.max } }),
  };
}
