/** @module The human-readable summary of a ShareGPT conversion, printed to stderr. */
import type { ShareGptStats } from "./sharegpt.ts";
import { plural, reasonsText, skippedLines } from "./summary.ts";

/**
 * Describes a ShareGPT conversion in a few lines: what was written, dropped and why, files
 * passed over, records skipped.
 *
 * @param stats what {@linkcode convertShareGpt} returned
 * @param maxSessions the `--max-sessions` limit, if any
 * @returns lines without newlines
 */
export function describeShareGpt(stats: ShareGptStats, maxSessions?: number): string[] {
  const mb = stats.bytes_read / 1e6;
  const rate = mb / Math.max(stats.seconds, 1e-3);
  const lines = [
    `wrote ${plural(stats.sessions_written, "session")} to ${stats.output} from ${
      plural(stats.files.length, "file")
    } (${mb.toFixed(1)} MB in ${stats.seconds.toFixed(1)} s, ${rate.toFixed(0)} MB/s)`,
  ];
  const dropped = reasonsText({
    "no question": stats.dropped.no_question,
    "fewer user turns than --min-turns": stats.dropped.too_few_turns,
    [`not sampled (--max-sessions ${maxSessions})`]: stats.dropped.not_sampled,
  });
  lines.push(
    `read ${plural(stats.conversations_read, "conversation")}; dropped ${dropped || "none"}` +
      (stats.blank_turns_skipped > 0
        ? `; skipped ${plural(stats.blank_turns_skipped, "blank human turn")}`
        : ""),
  );
  if (stats.ids_renamed > 0) {
    lines.push(`renamed ${plural(stats.ids_renamed, "clashing session id")} (suffix -2, -3, …)`);
  }
  if (stats.stopped_early) {
    lines.push(`stopped at --max-sessions ${maxSessions}; the rest of the input was not read`);
  }
  if (stats.passed_over.length > 0) {
    lines.push(`passed over ${plural(stats.passed_over.length, "non-data file")}:`);
    for (const path of stats.passed_over.slice(0, 20)) lines.push(`  ${path}`);
    if (stats.passed_over.length > 20) lines.push(`  … and ${stats.passed_over.length - 20} more`);
  }
  lines.push(...skippedLines(stats.invalid_skipped, stats.invalid_examples));
  return lines;
}
