/**
 * @module Users mode: N concurrent conversations, each with think time between its turns; a user
 * takes the next conversation the moment its last one ends (`users.ts` hands them out).
 *
 * Unlike concurrency mode, where C sessions are simply in flight and a session's next turn goes
 * out as soon as its answer is in, a user pauses before each later turn for a think time drawn
 * per (conversation, turn) from a seeded distribution (`src/slo/think_time.ts`): the server
 * sees the idle gaps real chat traffic has, and a conversation's prefix has to survive them in
 * the cache. A run is bounded by `durationMs` (the sample is replayed as needed, each replay a
 * conversation of its own: the record's `replay`), or without it by one pass over the sample.
 * Users start evenly over `rampMs`. With `cutAtEnd` (a capacity probe) no turn starts after the
 * end, so the tail that the steady window leaves out is not measured; otherwise conversations
 * under way finish their turns.
 */
import { sleep as abortableSleep } from "../io/sleep.ts";
import type { ThinkTimeSampler } from "../slo/think_time.ts";
import { type ContextLimits, Conversation, type PreparedSession } from "./conversation.ts";
import { runTurn, type TurnOutcome, type TurnSettings } from "./turn.ts";
import { SessionSupply, userStartOffsets } from "./users.ts";

/** The clock users wait on (tests pass a virtual one). */
export interface UsersClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Waits `ms`, or less if `signal` aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const SYSTEM: UsersClock = { now: () => performance.now(), sleep: abortableSleep };

/** What a users run needs beyond the per-request settings. */
export interface UsersPlan {
  sessions: readonly PreparedSession[];
  limits: ContextLimits;
  /** Concurrent conversations. */
  users: number;
  think: ThinkTimeSampler;
  /** No conversation starts after this long, ms (the sample is replayed); default one pass. */
  durationMs?: number;
  /** Users start evenly over this long, ms. */
  rampMs?: number;
  /** No turn starts after `durationMs` either (a capacity probe). */
  cutAtEnd?: boolean;
  onSend?(): void;
  onDone(outcome: TurnOutcome): void;
  clock?: UsersClock;
  /** Sends one turn (default: {@link runTurn}); tests pass a stand-in. */
  sendTurn?: typeof runTurn;
}

/** What the supply handed out: conversations, turns, passes over the sample. */
export interface UsersStats {
  sessions: number;
  turns: number;
  passes: number;
}

/**
 * Runs `plan.users` users until the supply is used up (or the signal aborts) and returns what
 * was handed out. Each record carries `users` (from the settings) and `replay`.
 *
 * @example
 * ```ts
 * await runAtUsers({ ...settings, users: 8 }, { sessions, limits, users: 8,
 *   think: new ThinkTimeSampler(ThinkTime.parse(2000), seed), durationMs: 60_000, onDone });
 * ```
 */
export async function runAtUsers(s: TurnSettings, plan: UsersPlan): Promise<UsersStats> {
  const clock = plan.clock ?? SYSTEM;
  const send = plan.sendTurn ?? runTurn;
  const t0 = clock.now();
  const endAt = plan.durationMs === undefined ? undefined : t0 + plan.durationMs;
  const supply = new SessionSupply(plan.sessions, {
    id: (p) => p.session.session_id,
    turns: (p) => p.session.user_messages.length,
  }, { cycle: endAt !== undefined, end_at: endAt });
  let failure: unknown = null;
  const going = () => !s.signal?.aborted && failure === null;
  const cut = () => plan.cutAtEnd === true && endAt !== undefined && clock.now() >= endAt;
  const user = async (offset: number) => {
    try {
      await clock.sleep(offset, s.signal);
      for (let h = supply.next(clock.now()); h && going(); h = supply.next(clock.now())) {
        const conv = new Conversation(h.item, plan.limits);
        for (let turn = 0; turn < h.turns && going() && !cut(); turn++) {
          if (turn > 0) await clock.sleep(plan.think.draw(h.key, turn), s.signal);
          if (!going() || cut()) break;
          plan.onSend?.();
          const outcome = await send(s, conv, h.item.session.session_id, turn, null);
          outcome.record.replay = h.cycle;
          plan.onDone(outcome);
        }
      }
    } catch (error) {
      failure ??= error;
    }
  };
  await Promise.all(userStartOffsets(plan.users, plan.rampMs ?? 0).map(user));
  if (failure !== null) throw failure;
  return supply.stats;
}
