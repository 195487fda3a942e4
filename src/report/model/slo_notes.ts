/** @module Notes on a report's SLO runs: over-saturated runs, probes stopped early, a sample replayed. */
import { runLabel } from "../load/run_key.ts";
import type { CapacitySummary } from "../../results/slo.ts";
import type { RunView } from "./runs.ts";

/**
 * One note per over-saturated run (its percentiles describe a queue, not the server), one for
 * probes stopped early, and what a capacity search that found nothing means.
 *
 * @example
 * ```ts
 * sloNotes(views, null); // ["Run R1 c=64 never reached a steady state: …"]
 * ```
 */
export function sloNotes(views: readonly RunView[], capacity: CapacitySummary | null): string[] {
  const notes: string[] = [];
  const saturated = views.filter((v) => v.summary.saturated && !v.summary.stopped_saturated);
  for (const v of saturated) {
    notes.push(
      `Run ${runLabel(v)} never reached a steady state (TTFT or the queue still growing through ` +
        "its window): its percentiles describe a queue, not the server",
    );
  }
  const stopped = views.filter((v) => v.summary.stopped_saturated).map(runLabel);
  if (stopped.length) {
    notes.push(
      `Stopped early as plainly over-saturated (counted as failing the SLO): ${stopped.join(", ")}`,
    );
  }
  if (capacity?.status === "fails_at_min") {
    notes.push(
      `The server fails the SLO even at the lowest load searched (${
        capacity.range?.min ?? "min"
      }): ` +
        "no capacity under this SLO",
    );
  }
  return notes;
}
