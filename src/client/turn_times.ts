/**
 * @module When a session's turns go out, from what the session says of them (`turns[i]`):
 * its own think time before a turn, and its trace time for a replay (src/client/run_replay.ts).
 */
import type { PreparedSession } from "./conversation.ts";

/**
 * The pause before user message `turn` (≥ 1): the session's `turns[turn].think_time_ms` when it
 * has one (a synthesized or recorded pause), else the run's `fallback`.
 *
 * @example
 * ```ts
 * thinkTimeMs(prepared, 1, 0); // turns[1].think_time_ms, or 0
 * ```
 */
export function thinkTimeMs(prepared: PreparedSession, turn: number, fallback: number): number {
  return prepared.session.turns?.[turn]?.think_time_ms ?? fallback;
}

/**
 * When the trace sent user message `turn`, ms on the trace's clock, or undefined.
 *
 * @example
 * ```ts
 * traceTimeMs(prepared, 0); // turns[0].timestamp_ms
 * ```
 */
export function traceTimeMs(prepared: PreparedSession, turn: number): number | undefined {
  return prepared.session.turns?.[turn]?.timestamp_ms;
}
