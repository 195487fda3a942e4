/** @module The human-readable summary of a LongBench conversion, printed to stderr. */
import type { LongBenchStats } from "./longbench.ts";
import { plural, skippedLines } from "./summary.ts";

/**
 * Describes a LongBench conversion: sessions and turns written per dataset, samples skipped.
 *
 * @param stats what {@linkcode convertLongBench} returned
 * @returns lines without newlines
 */
export function describeLongBench(stats: LongBenchStats): string[] {
  const lines = [
    `wrote ${plural(stats.sessions_written, "session")} (${
      plural(stats.turns_written, "turn")
    }) to ${stats.output} from ${plural(stats.samples_used, "sample")} in ${
      stats.seconds.toFixed(1)
    } s`,
  ];
  for (const d of stats.datasets) {
    lines.push(
      `  ${d.dataset}: ${plural(d.samples, "sample")} → ${plural(d.sessions, "session")}, ${
        plural(d.turns, "turn")
      } (template "${d.template}", ${d.file})`,
    );
  }
  if (stats.ids_renamed > 0) {
    lines.push(`renamed ${plural(stats.ids_renamed, "clashing session id")} (suffix -2, -3, …)`);
  }
  lines.push(...skippedLines(stats.invalid_skipped, stats.invalid_examples));
  return lines;
}
