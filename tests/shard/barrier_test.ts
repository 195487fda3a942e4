/** @module Tests of the start barrier, with a fake clock: a common start, the reset's order, a timeout. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { StartBarrier } from "../../src/shard/barrier.ts";
import { tempDir } from "./_helpers.ts";

/** A fake clock that advances only when someone sleeps. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += Math.max(0, ms);
      await new Promise((r) => setTimeout(r, 1));
    },
  };
}

Deno.test("every shard starts at the last ready time plus the margin", async () => {
  await using tmp = await tempDir("barrier");
  const clock = fakeClock();
  const events: string[] = [];
  const barrier = (index: number) =>
    new StartBarrier({
      dir: tmp.path,
      shard: { index, count: 3 },
      timeoutMs: 60_000,
      marginMs: 100,
      ...clock,
    });
  const [a, b, c] = [barrier(0), barrier(1), barrier(2)];
  const ra = a.wait("round1_conc3", () => Promise.resolve(void events.push("reset")));
  const rb = b.wait("round1_conc3", null);
  await new Promise((r) => setTimeout(r, 20));
  events.push("last shard ready");
  const rc = c.wait("round1_conc3", null);
  const results = await Promise.all([ra, rb, rc]);
  assert.deepEqual(
    events,
    ["last shard ready", "reset"],
    "shard 0 resets once all others are ready",
  );
  const starts = new Set(results.map((r) => r.start));
  assert.equal(starts.size, 1, "one common start");
  const readyTimes = await Promise.all(
    [0, 1, 2].map(async (i) =>
      JSON.parse(await Deno.readTextFile(join(tmp.path, "round1_conc3", `ready-${i}.json`)))
        .ready_at
    ),
  );
  assert.equal([...starts][0], Math.max(...readyTimes) + 100);
  assert.ok(results.every((r) => !r.timedOut && r.seen.length === 3));
});

Deno.test("a shard that waits past the timeout starts without the missing ones and says so", async () => {
  await using tmp = await tempDir("barrier-timeout");
  const clock = fakeClock();
  const logs: string[] = [];
  const b = new StartBarrier({
    dir: tmp.path,
    shard: { index: 1, count: 3 },
    timeoutMs: 5_000,
    marginMs: 0,
    pollMs: 1000,
    log: (m) => logs.push(m),
    ...clock,
  });
  const r = await b.wait("round1_conc3");
  assert.equal(r.timedOut, true);
  assert.deepEqual(r.seen, [1]);
  assert.deepEqual(logs, ["round1_conc3: shards 0, 2 not ready after 5 s; starting without them"]);
});

Deno.test("a given start time replaces the barrier for the first run only", async () => {
  await using tmp = await tempDir("barrier-start");
  const clock = fakeClock();
  const b = new StartBarrier({
    dir: tmp.path,
    shard: { index: 0, count: 2 },
    timeoutMs: 2000,
    marginMs: 0,
    pollMs: 500,
    startAt: 1_003_000,
    ...clock,
  });
  const first = await b.wait("round1_conc2");
  assert.equal(first.start, 1_003_000);
  assert.equal(clock.now(), 1_003_000, "slept until the given time");
  const second = await b.wait("round2_conc2");
  assert.equal(second.timedOut, true, "later runs use the barrier again");
});
