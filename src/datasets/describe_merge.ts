/** @module The human-readable summary of a merge, printed to stderr. */
import type { MergeStats } from "./merge.ts";
import { plural, skippedLines } from "./summary.ts";

/**
 * Describes a merge: sessions taken from each source, ids prefixed, records skipped.
 *
 * @param stats what {@linkcode mergeSessions} returned
 * @returns lines without newlines
 */
export function describeMerge(stats: MergeStats): string[] {
  const lines = [
    `wrote ${plural(stats.sessions_written, "session")} to ${stats.output} from ${
      plural(stats.sources.length, "source")
    }`,
  ];
  for (const s of stats.sources) {
    lines.push(
      `  ${s.name}: took ${s.taken.toLocaleString("en-US")} of ${
        plural(s.read, "session")
      } read (${s.path})`,
    );
  }
  if (stats.ids_renamed > 0) {
    lines.push(
      `renamed ${plural(stats.ids_renamed, "clashing session id")} (source name in front)`,
    );
  }
  lines.push(...skippedLines(stats.invalid_skipped, stats.invalid_examples));
  return lines;
}
