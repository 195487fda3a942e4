/**
 * @module Every request of one turn: the turn's first request, then one more per recorded tool
 * step (src/client/tool_steps.ts), each recorded as it finishes. The runners (concurrency, rate,
 * users, trace replay) send turns through it, so each mode replays tool use the same way.
 */
import type { RequestRecord } from "../results/record.ts";
import type { Conversation } from "./conversation.ts";
import { runTurn, type TurnOutcome, type TurnSettings } from "./turn.ts";

/** What a runner is told about each request of a turn. */
export interface TurnListener {
  /** Called as each request is sent. */
  onSend?(): void;
  /** Called as each request finishes (successful or not). */
  onDone(outcome: TurnOutcome): void;
}

/**
 * Sends user message `turn` and its tool steps one after another (a step's request goes out as
 * soon as the one before it has finished: the tool results are recorded, not waited for). The
 * signal stops it between requests.
 *
 * @param send sends one request (default {@link runTurn}; tests pass a stand-in)
 * @param queueWaitMs how late the turn's first request went out (rate and replay modes), else null
 * @param mark sets a runner's own fields on each record before it is reported (`replay`, `due_at`)
 * @example
 * ```ts
 * await runTurnRequests(runTurn, settings, conv, "sess-1", 0, null, { onDone: (o) => write(o.record) });
 * ```
 */
export async function runTurnRequests(
  send: typeof runTurn,
  s: TurnSettings,
  conv: Conversation,
  sessionId: string,
  turn: number,
  queueWaitMs: number | null,
  listener: TurnListener,
  mark?: (record: RequestRecord, step: number) => void,
): Promise<void> {
  const steps = conv.prepared.toolSteps.count(turn);
  for (let step = 0; step <= steps; step++) {
    if (step > 0 && s.signal?.aborted) return;
    listener.onSend?.();
    const outcome = await send(s, conv, sessionId, turn, step === 0 ? queueWaitMs : null, step);
    mark?.(outcome.record, step);
    listener.onDone(outcome);
  }
}
