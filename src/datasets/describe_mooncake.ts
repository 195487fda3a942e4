/** @module The human-readable summary of a Mooncake trace conversion, printed to stderr. */
import type { MooncakeStats } from "./mooncake.ts";
import { plural, skippedLines } from "./summary.ts";

/**
 * Describes a conversion: requests written, tokens, block reuse, time span.
 *
 * @param stats what `convertMooncake` returned
 * @returns lines without newlines
 */
export function describeMooncake(stats: MooncakeStats): string[] {
  const n = (x: number) => x.toLocaleString("en-US");
  const reuse = stats.block_references === 0
    ? 0
    : 1 - stats.distinct_blocks / stats.block_references;
  const lines = [
    `wrote ${plural(stats.sessions_written, "one-turn session")} to ${stats.output} in ${
      stats.seconds.toFixed(1)
    } s${stats.stopped_early ? " (stopped at --max-requests)" : ""}`,
    `tokens: ${n(stats.input_tokens)} in prompts, ${n(stats.output_tokens)} answers requested`,
    `blocks: ${n(stats.block_references)} used, ${n(stats.distinct_blocks)} distinct (${
      (100 * reuse).toFixed(1)
    }% reused)`,
  ];
  if (stats.span_ms) {
    lines.push(`trace time: ${((stats.span_ms[1] - stats.span_ms[0]) / 1000).toFixed(1)} s`);
  }
  if (stats.out_of_order > 0) {
    lines.push(`${plural(stats.out_of_order, "request")} earlier than the one before`);
  }
  lines.push(...skippedLines(stats.invalid_skipped, stats.invalid_examples));
  return lines;
}
