/** @module The deadline scheduler: order, batching, cancel, close. */
import assert from "node:assert/strict";
import { Ticker } from "../../mock/ticker.ts";

for (const mode of ["precise", "coarse"] as const) {
  Deno.test(`${mode} ticker runs callbacks in deadline order, never well before their time`, async () => {
    const ticker = new Ticker(mode);
    const t0 = performance.now();
    const ran: [number, number][] = [];
    const done = Promise.all(
      [12, 3, 8, 3.5].map((ms) =>
        new Promise<void>((resolve) =>
          ticker.schedule(t0 + ms, (now) => {
            ran.push([ms, now - t0]);
            resolve();
          })
        )
      ),
    );
    await done;
    ticker.close();
    assert.deepEqual(ran.map(([ms]) => ms), [3, 3.5, 8, 12]);
    for (const [ms, at] of ran) assert.ok(at >= ms - ticker.early - 0.01, `${ms} ran at ${at}`);
  });
}

Deno.test("a cancelled callback does not run and close drops the rest", async () => {
  const ticker = new Ticker();
  let ran = 0;
  const entry = ticker.schedule(performance.now() + 2, () => ran++);
  ticker.cancel(entry);
  await ticker.sleepUntil(performance.now() + 5);
  assert.equal(ran, 0);
  ticker.schedule(performance.now() + 1, () => ran++);
  ticker.close();
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(ran, 0);
});

Deno.test("sleepUntil rejects when its signal aborts", async () => {
  const ticker = new Ticker();
  const controller = new AbortController();
  const sleeping = ticker.sleepUntil(performance.now() + 10_000, controller.signal);
  controller.abort(new Error("stop"));
  await assert.rejects(sleeping, /stop/);
  ticker.close();
});
