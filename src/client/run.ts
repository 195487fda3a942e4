/** @module One run: replay the sample's sessions at a concurrency or a Poisson request rate. */
import { type ContextLimits, Conversation, type PreparedSession } from "./conversation.ts";
import { seededRandom } from "../io/random.ts";
import { runTurn, type TurnOutcome, type TurnSettings } from "./turn.ts";
import { sleep } from "../io/sleep.ts";

/** The clock a run schedules against; tests pass a virtual one. */
export interface RunClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Waits `ms` (not at all when ≤ 0), or less if `signal` aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** `performance.now()` and timers. */
export const SYSTEM_CLOCK: RunClock = { now: () => performance.now(), sleep };

/** What a run needs beyond the per-request settings. */
export interface RunPlan {
  sessions: readonly PreparedSession[];
  limits: ContextLimits;
  /** Pause between a session's turns, ms. */
  thinkTimeMs: number;
  /** Seed of the Poisson arrival schedule (rate mode). */
  seed: number;
  /** Called as each request is sent. */
  onSend?(): void;
  /** Called as each request finishes (successful or not). */
  onDone(outcome: TurnOutcome): void;
  /** The clock for the schedule and think times (default: {@link SYSTEM_CLOCK}). */
  clock?: RunClock;
  /** Sends one turn (default: {@link runTurn}); tests pass a stand-in. */
  sendTurn?: typeof runTurn;
}

/**
 * Runs every turn of every session once and returns when all have finished or the signal aborts.
 *
 * Concurrency mode (`settings.concurrency` = C): C sessions in flight, each running its turns one
 * after another (with the think time between them); a finished session makes room for the next.
 * Rate mode (`settings.requestRate` = λ): requests are due at the times of a seeded Poisson
 * process of rate λ fixed up front. Each due request goes to a session whose next turn is ready —
 * one already started first, else a new one; when none is ready it waits, and that wait (send time
 * minus due time) is recorded as `queue_wait_ms`, so a slow server cannot slow the schedule.
 * A failed turn is recorded and the session goes on with its next turn.
 *
 * @example
 * ```ts
 * await runLoad({ ...settings, concurrency: 4, requestRate: null }, { sessions, limits, thinkTimeMs: 0, seed: 0, onDone });
 * ```
 */
export async function runLoad(settings: TurnSettings, plan: RunPlan): Promise<void> {
  if (settings.requestRate === null) await runAtConcurrency(settings, plan);
  else await runAtRate(settings, settings.requestRate, plan);
}

async function runAtConcurrency(s: TurnSettings, plan: RunPlan): Promise<void> {
  const { sleep } = plan.clock ?? SYSTEM_CLOCK;
  const send = plan.sendTurn ?? runTurn;
  let next = 0;
  let failure: unknown = null;
  const going = () => !s.signal?.aborted && failure === null;
  const worker = async () => {
    try {
      while (next < plan.sessions.length && going()) {
        const prepared = plan.sessions[next++];
        const conv = new Conversation(prepared, plan.limits);
        const turns = prepared.session.user_messages.length;
        for (let turn = 0; turn < turns && going(); turn++) {
          if (turn > 0 && plan.thinkTimeMs > 0) await sleep(plan.thinkTimeMs, s.signal);
          if (!going()) break;
          plan.onSend?.();
          plan.onDone(await send(s, conv, prepared.session.session_id, turn, null));
        }
      }
    } catch (error) {
      failure ??= error;
    }
  };
  const workers = Math.min(s.concurrency ?? 1, plan.sessions.length);
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== null) throw failure;
}

interface Cursor {
  prepared: PreparedSession;
  conv: Conversation;
  turn: number;
}

async function runAtRate(s: TurnSettings, rate: number, plan: RunPlan): Promise<void> {
  const clock = plan.clock ?? SYSTEM_CLOCK;
  const send = plan.sendTurn ?? runTurn;
  const fresh: Cursor[] = plan.sessions.map((prepared) => ({
    prepared,
    conv: new Conversation(prepared, plan.limits),
    turn: 0,
  }));
  const continuing: Cursor[] = [];
  let wake: (() => void) | null = null;
  const total = plan.sessions.reduce((n, p) => n + p.session.user_messages.length, 0);
  const schedule = poissonSchedule(rate, plan.seed, total);
  const inFlight = new Set<Promise<void>>();
  const onAbort = () => wake?.();
  s.signal?.addEventListener("abort", onAbort);
  const start = clock.now();
  let failure: unknown = null;
  try {
    for (let i = 0; i < total && !s.signal?.aborted && failure === null; i++) {
      const due = start + schedule[i];
      await clock.sleep(due - clock.now(), s.signal);
      while (!continuing.length && !fresh.length && !s.signal?.aborted && failure === null) {
        await new Promise<void>((resolve) => wake = resolve);
        wake = null;
      }
      if (s.signal?.aborted || failure !== null) break;
      const cursor = continuing.shift() ?? fresh.shift();
      if (cursor === undefined) break;
      const waited = Math.max(0, clock.now() - due);
      plan.onSend?.();
      const task = send(s, cursor.conv, cursor.prepared.session.session_id, cursor.turn, waited)
        .then(async (outcome) => {
          plan.onDone(outcome);
          if (++cursor.turn >= cursor.prepared.session.user_messages.length) return;
          if (plan.thinkTimeMs > 0) await clock.sleep(plan.thinkTimeMs, s.signal);
          continuing.push(cursor);
          wake?.();
        })
        .catch((error) => {
          failure ??= error;
          wake?.();
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.all(inFlight);
    if (failure !== null) throw failure;
  } finally {
    s.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * The first `count` arrival times of a seeded Poisson process of `rate` events per second, in ms
 * from the start, increasing: exponential gaps of mean 1000 / `rate` ms. One seed, one schedule.
 *
 * @example
 * ```ts
 * poissonSchedule(10, 1, 3); // three due times, about 100 ms apart on average
 * ```
 */
export function poissonSchedule(rate: number, seed: number, count: number): number[] {
  const rand = seededRandom(seed);
  const out: number[] = [];
  let due = 0;
  for (let i = 0; i < count; i++) out.push(due += poissonGapMs(rate, rand));
  return out;
}

/** The gap to the next arrival of a Poisson process of `rate` events per second, in ms. */
function poissonGapMs(rate: number, rand: () => number): number {
  return (-Math.log(1 - rand()) / rate) * 1000;
}
