/**
 * @module Tests of one run's timing in rate mode: the seeded Poisson schedule, and sends, queue
 * waits and think times checked on a virtual clock (no wall time involved).
 */
import assert from "node:assert/strict";
import { Conversation, PreparedSession } from "../../src/client/conversation.ts";
import { poissonSchedule, type RunClock, runLoad } from "../../src/client/run.ts";
import type { TurnOutcome, TurnSettings } from "../../src/client/turn.ts";
import type { RequestRecord } from "../../src/results/record.ts";

/**
 * A discrete-event clock: `sleep` registers a timer, and `run` jumps from timer to timer whenever
 * nothing else can happen (every microtask settled), so each run is exact and repeatable.
 */
class VirtualClock implements RunClock {
  #t = 0;
  #timers: { at: number; seq: number; resolve: () => void }[] = [];
  #seq = 0;

  now(): number {
    return this.#t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) =>
      this.#timers.push({ at: this.#t + ms, seq: this.#seq++, resolve })
    );
  }

  /** Drives `work` to its end on virtual time. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    work.then(() => done = true, () => done = true);
    for (let steps = 0; !done; steps++) {
      // Nothing here waits on I/O, so one macrotask turn settles every pending microtask.
      await new Promise((r) => setTimeout(r, 0));
      if (done) break;
      assert.ok(steps < 100_000 && this.#timers.length > 0, "the run is stuck with no timer");
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift()!;
      this.#t = next.at;
      next.resolve();
    }
    return await work;
  }
}

interface Send {
  session: string;
  turn: number;
  at: number;
  queueWaitMs: number | null;
}

const SETTINGS: TurnSettings = {
  endpoint: "http://127.0.0.1:9/unused",
  model: "m",
  maxOutputTokens: 16,
  timeoutMs: 1000,
  round: 1,
  concurrency: null,
  requestRate: null,
  requestIdPrefix: "t",
};

/**
 * Runs sessions (turn counts by id) at `rate` req/s on a virtual clock; each request takes
 * `serviceMs` of virtual time. Returns every send with the virtual time it happened at.
 */
async function rateRun(
  turns: Record<string, number>,
  opts: { rate: number; seed: number; serviceMs: number; thinkTimeMs?: number },
): Promise<Send[]> {
  const clock = new VirtualClock();
  const sends: Send[] = [];
  const sessions = Object.entries(turns).map(([id, n]) =>
    new PreparedSession({
      session_id: id,
      user_messages: Array.from({ length: n }, (_, i) => `q${i}`),
    })
  );
  const limits = { maxContextTokens: 4096, maxOutputTokens: 16 };
  const sendTurn = async (
    _s: TurnSettings,
    _c: Conversation,
    session: string,
    turn: number,
    queueWaitMs: number | null,
  ): Promise<TurnOutcome> => {
    sends.push({ session, turn, at: clock.now(), queueWaitMs });
    await clock.sleep(opts.serviceMs);
    const record = { session_id: session, turn_index: turn, ok: true } as RequestRecord;
    return { record } as TurnOutcome;
  };
  await clock.run(runLoad({ ...SETTINGS, requestRate: opts.rate }, {
    sessions,
    limits,
    thinkTimeMs: opts.thinkTimeMs ?? 0,
    seed: opts.seed,
    onDone() {},
    clock,
    sendTurn,
  }));
  return sends;
}

const near = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} != ${b}`);

Deno.test("poissonSchedule gives one schedule per seed, increasing", () => {
  const a = poissonSchedule(20, 7, 500);
  assert.deepEqual(poissonSchedule(20, 7, 500), a, "same seed, same schedule");
  assert.notDeepEqual(poissonSchedule(20, 8, 500), a, "another seed, another schedule");
  assert.equal(a.length, 500);
  assert.ok(a[0] > 0);
  for (let i = 1; i < a.length; i++) assert.ok(a[i] > a[i - 1], `due ${i} after due ${i - 1}`);
  assert.deepEqual(poissonSchedule(20, 7, 10), a.slice(0, 10), "a prefix of the same schedule");
});

Deno.test("poissonSchedule gaps are exponential with mean 1/λ", () => {
  for (const rate of [5, 200]) {
    const due = poissonSchedule(rate, 3, 20_000);
    const gaps = due.map((d, i) => d - (i === 0 ? 0 : due[i - 1]));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    const expected = 1000 / rate;
    // The sample mean of 20,000 exponential gaps is within 3% of 1/λ (over 4 standard errors).
    assert.ok(Math.abs(mean / expected - 1) < 0.03, `mean gap ${mean} ms at ${rate}/s`);
    assert.ok(Math.abs(sd / mean - 1) < 0.05, `coefficient of variation ${sd / mean}`);
    const below = gaps.filter((g) => g < expected).length / gaps.length;
    assert.ok(Math.abs(below - (1 - Math.exp(-1))) < 0.02, `share of gaps below 1/λ: ${below}`);
  }
});

Deno.test("runLoad at a rate sends each request at its due time when a session is free", async () => {
  const turns = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`s${i}`, 1]));
  const sends = await rateRun(turns, { rate: 50, seed: 11, serviceMs: 5 });
  const due = poissonSchedule(50, 11, 12);
  assert.equal(sends.length, 12);
  sends.forEach((s, i) => {
    near(s.at, due[i], `send ${i}`);
    assert.equal(s.queueWaitMs, 0, `send ${i} did not wait`);
  });
  const again = await rateRun(turns, { rate: 50, seed: 11, serviceMs: 5 });
  assert.deepEqual(again, sends, "the same seed replays the same sends");
  const other = await rateRun(turns, { rate: 50, seed: 12, serviceMs: 5 });
  assert.notDeepEqual(other.map((s) => s.at), sends.map((s) => s.at), "another seed differs");
});

Deno.test("runLoad records queue_wait_ms as send time minus due time when no session is ready", async () => {
  // One session of four turns, 50 ms per answer, requests due every ~2 ms: each later turn is
  // sent when the one before it ends, and waits the difference past its due time.
  const sends = await rateRun({ a: 4 }, { rate: 500, seed: 4, serviceMs: 50 });
  const due = poissonSchedule(500, 4, 4);
  assert.deepEqual(sends.map((s) => s.turn), [0, 1, 2, 3]);
  let ready = 0;
  sends.forEach((s, i) => {
    const expected = Math.max(due[i], ready);
    near(s.at, expected, `turn ${i} sent at`);
    near(s.queueWaitMs!, s.at - due[i], `turn ${i} queue wait`);
    ready = s.at + 50;
  });
  assert.ok(sends[3].queueWaitMs! > 100, "the last turn waited for three answers");
});

Deno.test("runLoad waits past the due time only until a session is ready, think time included", async () => {
  const serviceMs = 30;
  const thinkTimeMs = 20;
  const sends = await rateRun({ a: 3, b: 2, c: 1 }, { rate: 100, seed: 9, serviceMs, thinkTimeMs });
  const due = poissonSchedule(100, 9, 6);
  assert.equal(sends.length, 6);
  const readyAt = new Set(sends.map((s) => s.at + serviceMs + thinkTimeMs));
  sends.forEach((s, i) => {
    assert.ok(s.at >= due[i] - 1e-9, `send ${i} not before its due time`);
    near(s.queueWaitMs!, s.at - due[i], `send ${i} queue wait`);
    // A send past its due time happens the moment an earlier turn (plus think time) freed a session.
    if (s.queueWaitMs! > 0) assert.ok(readyAt.has(s.at), `send ${i} at ${s.at} waited for nothing`);
  });
  assert.ok(sends.some((s) => s.queueWaitMs! > 0), "this seed makes some requests wait");
  for (const id of ["a", "b"]) {
    const mine = sends.filter((s) => s.session === id);
    for (let i = 1; i < mine.length; i++) {
      assert.ok(mine[i].at >= mine[i - 1].at + serviceMs + thinkTimeMs, `${id} turn ${i}`);
    }
  }
});
