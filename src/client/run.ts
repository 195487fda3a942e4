/** @module One run: replay the sample's sessions at a concurrency or a Poisson request rate. */
import { type ContextLimits, Conversation, type PreparedSession } from "./conversation.ts";
import { seededRandom } from "../io/random.ts";
import { runTurn, type TurnOutcome, type TurnSettings } from "./turn.ts";
import { sleep } from "../io/sleep.ts";

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
          plan.onDone(await runTurn(s, conv, prepared.session.session_id, turn, null));
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
  const fresh: Cursor[] = plan.sessions.map((prepared) => ({
    prepared,
    conv: new Conversation(prepared, plan.limits),
    turn: 0,
  }));
  const continuing: Cursor[] = [];
  let wake: (() => void) | null = null;
  const total = plan.sessions.reduce((n, p) => n + p.session.user_messages.length, 0);
  const rand = seededRandom(plan.seed);
  const inFlight = new Set<Promise<void>>();
  const onAbort = () => wake?.();
  s.signal?.addEventListener("abort", onAbort);
  let due = performance.now();
  let failure: unknown = null;
  try {
    for (let i = 0; i < total && !s.signal?.aborted && failure === null; i++) {
      due += poissonGapMs(rate, rand);
      await sleep(due - performance.now(), s.signal);
      while (!continuing.length && !fresh.length && !s.signal?.aborted && failure === null) {
        await new Promise<void>((resolve) => wake = resolve);
        wake = null;
      }
      if (s.signal?.aborted || failure !== null) break;
      const cursor = continuing.shift() ?? fresh.shift();
      if (cursor === undefined) break;
      const waited = Math.max(0, performance.now() - due);
      plan.onSend?.();
      const task = runTurn(s, cursor.conv, cursor.prepared.session.session_id, cursor.turn, waited)
        .then(async (outcome) => {
          plan.onDone(outcome);
          if (++cursor.turn >= cursor.prepared.session.user_messages.length) return;
          if (plan.thinkTimeMs > 0) await sleep(plan.thinkTimeMs, s.signal);
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

/** The gap to the next arrival of a Poisson process of `rate` events per second, in ms. */
function poissonGapMs(rate: number, rand: () => number): number {
  return (-Math.log(1 - rand()) / rate) * 1000;
}
