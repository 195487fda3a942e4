/** @module The human-readable summary of a synthesis, printed to stderr. */
import { plural } from "./summary.ts";
import type { SynthesizeStats } from "./synthesize.ts";

/**
 * Describes what `synthesize` wrote: sessions, requests, tokens, prefix sharing.
 *
 * @param stats what `synthesize` returned
 * @returns lines without newlines
 */
export function describeSynthesize(stats: SynthesizeStats): string[] {
  const n = (x: number) => x.toLocaleString("en-US");
  const lines = [
    `wrote ${plural(stats.sessions_written, "session")} (${plural(stats.turns, "turn")}, ${
      plural(stats.requests, "request")
    }) to ${stats.output} in ${stats.seconds.toFixed(1)} s`,
    `tokens: ${n(stats.system_tokens)} in system prompts, ${
      n(stats.user_tokens)
    } in user messages, ${n(stats.requested_output_tokens)} answers requested`,
  ];
  if (stats.sessions_sharing_a_prefix > 0) {
    lines.push(`${plural(stats.sessions_sharing_a_prefix, "session")} start with a shared prefix`);
  }
  if (stats.tool_calls > 0) {
    lines.push(
      `${plural(stats.tool_calls, "tool call")} with ${n(stats.tool_result_tokens)} result tokens`,
    );
  }
  return lines;
}
