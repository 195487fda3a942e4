/**
 * @module Tests of trace replay on a virtual clock: sends at trace time ÷ speed whatever the
 * server does, lateness (`queue_wait_ms`) and `due_at` as recorded, later turns, tool steps.
 */
import assert from "node:assert/strict";
import { type Conversation, PreparedSession } from "../../src/client/conversation.ts";
import type { RunClock } from "../../src/client/run.ts";
import { replaySchedule, runReplay } from "../../src/client/run_replay.ts";
import type { TurnOutcome, TurnSettings } from "../../src/client/turn.ts";
import type { RequestRecord } from "../../src/results/record.ts";
import type { Session, Turn } from "../../src/datasets/session.ts";
import { VirtualClock } from "./_virtual_clock.ts";

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

interface Sent {
  session: string;
  turn: number;
  step: number;
  at: number;
  record: RequestRecord;
}

const session = (id: string, turns: Turn[]): PreparedSession =>
  new PreparedSession({
    session_id: id,
    user_messages: turns.map((_, i) => `q${i}`),
    turns,
  } as Session);

/** A clock that wakes every sleep `lateMs` late (a busy event loop), on virtual time. */
function lateClock(clock: VirtualClock, lateMs: number): RunClock {
  return {
    now: () => clock.now(),
    sleep: (ms, signal) => ms <= 0 ? Promise.resolve() : clock.sleep(ms + lateMs, signal),
  };
}

/** Replays `sessions` at `speed`; every request takes `serviceMs` of virtual time. */
async function replay(
  sessions: PreparedSession[],
  opts: {
    speed: number;
    serviceMs: number;
    lateMs?: number;
    thinkTimeMs?: number;
    origin?: number;
  },
): Promise<Sent[]> {
  const virtual = new VirtualClock();
  const clock = opts.lateMs ? lateClock(virtual, opts.lateMs) : virtual;
  const sent: Sent[] = [];
  const sendTurn = async (
    _s: TurnSettings,
    _c: Conversation,
    id: string,
    turn: number,
    queueWaitMs: number | null,
    step = 0,
  ): Promise<TurnOutcome> => {
    const record = {
      session_id: id,
      turn_index: turn,
      tool_step: step,
      queue_wait_ms: queueWaitMs,
      ok: true,
      due_at: null,
      trace_speed: null,
    } as RequestRecord;
    sent.push({ session: id, turn, step, at: virtual.now(), record });
    await virtual.sleep(opts.serviceMs);
    return { record } as TurnOutcome;
  };
  await virtual.run(runReplay(SETTINGS, opts.speed, {
    sessions,
    limits: { maxContextTokens: 4096, maxOutputTokens: 16 },
    thinkTimeMs: opts.thinkTimeMs ?? 0,
    seed: 0,
    onDone() {},
    clock,
    sendTurn,
  }, opts.origin));
  return sent;
}

const TRACE = [1000, 1500, 1200, 3000];
const oneTurn = () => TRACE.map((t, i) => session(`r${i}`, [{ timestamp_ms: t }]));

Deno.test("replay sends each first request at its trace time ÷ speed, never waiting on answers", async () => {
  // Each answer takes 400 ms, longer than the gaps: a closed loop would fall behind.
  const sent = await replay(oneTurn(), { speed: 2, serviceMs: 400 });
  assert.deepEqual(sent.map((s) => [s.session, s.at]), [
    ["r0", 0],
    ["r2", 100],
    ["r1", 250],
    ["r3", 1000],
  ]);
  for (const s of sent) {
    assert.equal(s.record.queue_wait_ms, 0, `${s.session} went out on time`);
    assert.equal(s.record.trace_speed, 2);
  }
  const dueAt = sent.map((s) => s.record.due_at! - sent[0].record.due_at!);
  assert.deepEqual(dueAt, [0, 100, 250, 1000], "due_at keeps the trace's spacing ÷ speed");
  assert.deepEqual(
    replaySchedule(oneTurn(), 0.5).map((e) => [e.index, e.dueMs]),
    [[0, 0], [2, 400], [1, 1000], [3, 4000]],
  );
});

Deno.test("replay records how late each request went out on the run's clock", async () => {
  // A clock that oversleeps 7 ms (a busy client): every request after the first goes out 7 ms late.
  const sent = await replay(oneTurn(), { speed: 1, serviceMs: 50, lateMs: 7 });
  assert.deepEqual(sent.map((s) => s.record.queue_wait_ms), [0, 7, 7, 7]);
  assert.deepEqual(sent.map((s) => s.at), [0, 207, 507, 2007]);
  assert.deepEqual(
    sent.map((s) => Math.round(s.record.due_at! - sent[0].record.due_at!)),
    [0, 200, 500, 2000],
    "due_at is when it was due, not when it went",
  );
});

Deno.test("a later turn goes at its own trace time, late when the answer before it came after", async () => {
  const sessions = [
    session("m", [{ timestamp_ms: 0 }, { timestamp_ms: 100 }, { think_time_ms: 40 }, {
      timestamp_ms: 2000,
    }]),
  ];
  const sent = await replay(sessions, { speed: 1, serviceMs: 250 });
  assert.deepEqual(sent.map((s) => s.at), [0, 250, 540, 2000]);
  assert.deepEqual(sent.map((s) => s.record.queue_wait_ms), [0, 150, null, 0]);
  const base = sent[0].record.due_at!;
  assert.deepEqual(sent.map((s) => s.record.due_at === null ? null : s.record.due_at - base), [
    0,
    100,
    null,
    2000,
  ]);
});

Deno.test("a replayed turn's tool steps follow at once; only its first request was due", async () => {
  const step = { calls: [{ id: "c", name: "f", arguments: "{}", result: "r" }] };
  const sessions = [
    session("a", [{ timestamp_ms: 10, tool_steps: [step, step] }]),
    session("b", [{ timestamp_ms: 30 }]),
  ];
  const sent = await replay(sessions, { speed: 1, serviceMs: 15 });
  assert.deepEqual(
    sent.map((s) => [s.session, s.step, s.at]),
    [
      ["a", 0, 0],
      ["b", 0, 20],
      ["a", 1, 15],
      ["a", 2, 30],
    ].sort((x, y) => (x[2] as number) - (y[2] as number)),
  );
  const steps = sent.filter((s) => s.session === "a");
  assert.deepEqual(steps.map((s) => s.record.queue_wait_ms), [0, null, null]);
  assert.deepEqual(steps.map((s) => s.record.due_at !== null), [true, false, false]);
});

Deno.test("replay refuses a session without a trace time, naming it", () => {
  assert.throws(
    () => replaySchedule([session("x", [{ timestamp_ms: 1 }]), session("y", [{}])], 1),
    /Cannot replay session "y" at trace time: "turns"\[0\]\.timestamp_ms is missing/,
  );
});

Deno.test("a shard replays its part of the trace against the whole sample's zero", async () => {
  // The whole trace starts at 1000; this shard holds the requests at 1500 and 3000 only.
  const part = [session("r1", [{ timestamp_ms: 1500 }]), session("r3", [{ timestamp_ms: 3000 }])];
  const sent = await replay(part, { speed: 2, serviceMs: 10, origin: 1000 });
  assert.deepEqual(sent.map((s) => [s.session, s.at]), [["r1", 250], ["r3", 1000]]);
  const alone = await replay(part, { speed: 2, serviceMs: 10 });
  assert.deepEqual(alone.map((s) => s.at), [0, 750], "without the zero: its own earliest");
});
