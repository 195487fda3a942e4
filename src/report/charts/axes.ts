/** @module The axes most charts share: the load levels (x) and the rounds (one series each). */
import { compareLoads, loadKey, loadLabel } from "../load/run_key.ts";
import type { ReportModel } from "../model/model.ts";
import type { RunView } from "../model/runs.ts";

/** The loads and rounds of a report, and the run at each. */
export interface LoadAxis {
  /** One run per load, ascending (concurrency levels first, then request rates). */
  loads: RunView[];
  /** Category labels: `c=8`, `2 req/s`. */
  labels: string[];
  /** Title of the load axis, by the modes present. */
  xTitle: string;
  /** Round numbers, ascending. */
  rounds: number[];
  /** The run of `round` at the load of `load`, if any. */
  at(round: number, load: RunView): RunView | undefined;
}

/**
 * The load axis of a report's runs.
 *
 * @example
 * ```ts
 * const { loads, rounds, at } = loadAxis(model);
 * ```
 */
export function loadAxis(m: ReportModel): LoadAxis {
  const loads = [...new Map(m.views.map((v) => [loadKey(v), v])).values()].sort(compareLoads);
  const rounds = roundsOf(m);
  const modes = new Set(
    loads.map((l) => (l.users != null ? "u" : l.concurrency !== null ? "c" : "r")),
  );
  const xTitle = modes.size > 1
    ? "Load (concurrency, request rate or users)"
    : modes.has("r")
    ? "Request rate (requests/s)"
    : modes.has("u")
    ? "Concurrent conversations (users)"
    : "Concurrency (sessions in flight)";
  return {
    loads,
    labels: loads.map(loadLabel),
    xTitle,
    rounds,
    at: (round, load) => m.views.find((v) => v.round === round && loadKey(v) === loadKey(load)),
  };
}

/** The rounds of a report's runs, ascending. */
export function roundsOf(m: ReportModel): number[] {
  return [...new Set(m.views.map((v) => v.round))].sort((a, b) => a - b);
}
