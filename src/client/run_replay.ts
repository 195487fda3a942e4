/**
 * @module Trace replay: each session's first request goes out at its trace time, scaled by a
 * speed factor, whatever the server is doing; how late each one went out is recorded.
 *
 * A trace (a Mooncake file through `convert-mooncake`, or any sessions with
 * `turns[0].timestamp_ms`) says when each request was sent. At speed S, session i's first
 * request is due (t_i − t_min) / S ms after the run's start: S = 2 replays the trace twice as
 * fast, 0.5 at half speed. As in rate mode (src/client/run.ts) one dispatch loop sleeps until the
 * next due time on the run's clock and sends then; it never waits for an answer, so a slow server
 * cannot slow the schedule (no coordinated omission), and each record gets `due_at` (epoch ms)
 * and `queue_wait_ms` = send − due: the client's own lateness (a busy event loop, a starved
 * machine), which stays near 0 when the client keeps up. A later turn of a session goes out
 * after the answer before it: at its own trace time when it has one (late if that answer came
 * after it), else after its think time. Every record carries `trace_speed`. The number of
 * requests in flight is whatever the trace and the server make it.
 */
import { UserError } from "../util/errors.ts";
import { Conversation, type PreparedSession } from "./conversation.ts";
import { type RunPlan, SYSTEM_CLOCK } from "./run.ts";
import { runTurn, type TurnSettings } from "./turn.ts";
import { runTurnRequests } from "./turn_requests.ts";
import { thinkTimeMs, traceTimeMs } from "./turn_times.ts";

/** One session's place in the replay. */
export interface ReplayEntry {
  /** Index into the sessions. */
  index: number;
  /** Its first request's due time, ms after the run's start. */
  dueMs: number;
}

/**
 * The earliest first-request trace time of `sessions`, ms: the trace's zero. A shard replays part
 * of a sample against the whole sample's zero, so the shards keep the trace's spacing.
 *
 * @throws {UserError} (exit 2) naming the first session without `turns[0].timestamp_ms`
 */
export function traceOrigin(sessions: readonly PreparedSession[]): number {
  return traceTimes(sessions).reduce((a, b) => Math.min(a, b), Infinity);
}

function traceTimes(sessions: readonly PreparedSession[]): number[] {
  return sessions.map((p) => {
    const t = traceTimeMs(p, 0);
    if (t === undefined) {
      throw new UserError(
        `Cannot replay session "${p.session.session_id}" at trace time: "turns"[0].timestamp_ms is missing`,
        { exitCode: 2 },
      );
    }
    return t;
  });
}

/**
 * When each session's first request is due at `speed`, earliest first (ties in sample order):
 * `(turns[0].timestamp_ms − origin) / speed`, the origin being the earliest of them unless given.
 *
 * @throws {UserError} (exit 2) naming the first session without `turns[0].timestamp_ms`
 * @example
 * ```ts
 * replaySchedule(sessions, 2); // [{ index: 0, dueMs: 0 }, { index: 1, dueMs: 250 }, …]
 * ```
 */
export function replaySchedule(
  sessions: readonly PreparedSession[],
  speed: number,
  originMs?: number,
): ReplayEntry[] {
  const times = traceTimes(sessions);
  const t0 = originMs ?? times.reduce((a, b) => Math.min(a, b), Infinity);
  return times.map((t, index) => ({ index, dueMs: (t - t0) / speed }))
    .sort((a, b) => a.dueMs - b.dueMs || a.index - b.index);
}

/**
 * Replays every session once at trace time × 1/`speed` (see the module comment) and returns when
 * all have finished or the signal aborts.
 *
 * @param originMs the trace time of the run's start (default: the earliest of these sessions)
 * @example
 * ```ts
 * await runReplay(settings, 1, { sessions, limits, thinkTimeMs: 0, seed: 0, onDone });
 * ```
 */
export async function runReplay(
  s: TurnSettings,
  speed: number,
  plan: RunPlan,
  originMs?: number,
): Promise<void> {
  const clock = plan.clock ?? SYSTEM_CLOCK;
  const send = plan.sendTurn ?? runTurn;
  const origin = originMs ?? traceOrigin(plan.sessions);
  const schedule = replaySchedule(plan.sessions, speed, origin);
  const start = clock.now();
  const t0 = start - origin / speed;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const going = () => !s.signal?.aborted && failure === null;

  const session = async (p: PreparedSession, firstDue: number) => {
    const conv = new Conversation(p, plan.limits);
    const id = p.session.session_id;
    for (let turn = 0; turn < p.session.user_messages.length && going(); turn++) {
      const trace = traceTimeMs(p, turn);
      const due = turn === 0 ? firstDue : trace === undefined ? null : t0 + trace / speed;
      if (due === null) await clock.sleep(thinkTimeMs(p, turn, plan.thinkTimeMs), s.signal);
      else if (turn > 0) await clock.sleep(due - clock.now(), s.signal);
      if (!going()) break;
      const waited = due === null ? null : Math.max(0, clock.now() - due);
      await runTurnRequests(send, s, conv, id, turn, waited, plan, (r, step) => {
        r.trace_speed = speed;
        if (step === 0 && due !== null) r.due_at = round3(performance.timeOrigin + due);
      });
    }
  };

  for (const entry of schedule) {
    if (!going()) break;
    const due = start + entry.dueMs;
    await clock.sleep(due - clock.now(), s.signal);
    if (!going()) break;
    const task = session(plan.sessions[entry.index], due)
      .catch((error) => void (failure ??= error))
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
