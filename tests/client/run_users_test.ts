/** @module Tests of users mode: N conversations with think time, a new one as one ends, bounds. */
import assert from "node:assert/strict";
import { PreparedSession } from "../../src/client/conversation.ts";
import { runAtUsers, type UsersPlan } from "../../src/client/run_users.ts";
import type { TurnOutcome, TurnSettings } from "../../src/client/turn.ts";
import { ThinkTime, ThinkTimeSampler } from "../../src/slo/think_time.ts";
import { record } from "../slo/_records.ts";
import { VirtualClock } from "./_virtual_clock.ts";

const session = (id: string, turns: number) =>
  new PreparedSession({
    session_id: id,
    user_messages: Array.from({ length: turns }, (_, i) => `q${i}`),
  });

const settings: TurnSettings = {
  endpoint: "http://127.0.0.1:1/v1/chat/completions",
  model: "m",
  maxOutputTokens: 16,
  timeoutMs: 1000,
  round: 1,
  concurrency: null,
  requestRate: null,
  requestIdPrefix: "t",
  users: 2,
};

/** Runs users mode on a virtual clock; each request takes `serviceMs`. */
async function run(over: Partial<UsersPlan> & { serviceMs?: number } = {}) {
  const clock = new VirtualClock();
  const sent: Array<[string, number, number]> = [];
  const done: TurnOutcome[] = [];
  const plan: UsersPlan = {
    sessions: [session("a", 2), session("b", 1), session("c", 2)],
    limits: { maxContextTokens: 4096, maxOutputTokens: 16 },
    users: 2,
    think: new ThinkTimeSampler(ThinkTime.parse(50)),
    onDone: (o) => void done.push(o),
    clock,
    sendTurn: async (s, _conv, id, turn) => {
      const at = clock.now();
      sent.push([id, turn, at]);
      await clock.sleep(over.serviceMs ?? 100);
      return {
        record: record({
          session_id: id,
          turn_index: turn,
          started_at: at,
          users: s.users ?? null,
        }),
      } as TurnOutcome;
    },
    ...over,
  };
  const stats = await clock.run(runAtUsers(settings, plan));
  return { sent, done, stats, clock };
}

Deno.test("users run their conversations with think time and take the next as one ends", async () => {
  const { sent, done, stats } = await run();
  // User 1: a0 at 0 (ends 100), thinks 50, a1 at 150 (ends 250), then takes c.
  // User 2: b0 at 0 (ends 100), takes c? No: c is next in the sample only after b, so user 2
  // takes c at 100: c0 at 100, thinks, c1 at 250; user 1 finds the sample used up at 250.
  assert.deepEqual(sent, [["a", 0, 0], ["b", 0, 0], ["c", 0, 100], ["a", 1, 150], ["c", 1, 250]]);
  assert.deepEqual(stats, { sessions: 3, turns: 5, passes: 1 });
  assert.ok(done.every((o) => o.record.users === 2 && o.record.replay === 0));
});

Deno.test("the pause before a turn is the think time drawn for that conversation and turn", async () => {
  const think = new ThinkTimeSampler(
    ThinkTime.parse({ distribution: "exponential", mean_ms: 80 }),
    3,
  );
  const { sent } = await run({ users: 1, think, sessions: [session("a", 3)] });
  const at = sent.map(([, , t]) => t);
  assert.equal(at[1], at[0] + 100 + think.draw("a", 1));
  assert.equal(at[2], at[1] + 100 + think.draw("a", 2));
  assert.notEqual(think.draw("a", 1), think.draw("a", 2));
});

Deno.test("with a duration the sample is replayed as new conversations, none starting after the end", async () => {
  const { sent, done } = await run({
    users: 1,
    sessions: [session("a", 1)],
    think: new ThinkTimeSampler(ThinkTime.parse(0)),
    durationMs: 350,
  });
  // a at 0, 100, 200, 300: the handout at 400 is past the end.
  assert.deepEqual(sent.map(([, , t]) => t), [0, 100, 200, 300]);
  assert.deepEqual(done.map((o) => o.record.replay), [0, 1, 2, 3]);
});

Deno.test("a conversation under way finishes after the end, unless cutAtEnd stops its turns", async () => {
  const base = { users: 1, sessions: [session("a", 4)], durationMs: 200 };
  const finished = await run(base);
  assert.deepEqual(finished.sent.map(([, t]) => t), [0, 1, 2, 3]);
  const cut = await run({ ...base, cutAtEnd: true });
  // turns at 0 and 150; the next would start at 300, past the end at 200.
  assert.deepEqual(cut.sent.map(([, t, at]) => [t, at]), [[0, 0], [1, 150]]);
});

Deno.test("users start evenly over the ramp", async () => {
  const { sent } = await run({
    users: 4,
    rampMs: 400,
    serviceMs: 1000,
    sessions: ["a", "b", "c", "d"].map((id) => session(id, 1)),
  });
  assert.deepEqual(sent.map(([id, , t]) => [id, t]), [["a", 0], ["b", 100], ["c", 200], [
    "d",
    300,
  ]]);
});

Deno.test("an abort stops users from starting turns and ends the run", async () => {
  const controller = new AbortController();
  const clock = new VirtualClock();
  let sends = 0;
  await clock.run(runAtUsers({ ...settings, signal: controller.signal }, {
    sessions: [session("a", 5)],
    limits: { maxContextTokens: 4096, maxOutputTokens: 16 },
    users: 1,
    think: new ThinkTimeSampler(ThinkTime.parse(10)),
    clock,
    onDone() {},
    sendTurn: async () => {
      if (++sends === 2) controller.abort();
      await clock.sleep(5);
      return { record: record() } as TurnOutcome;
    },
  }));
  assert.equal(sends, 2);
});
