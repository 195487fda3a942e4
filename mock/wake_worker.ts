/**
 * @module The worker behind `PreciseWake`: sleeps in `Atomics.wait` (sub-millisecond timeouts, no
 * CPU while waiting) until the shared target time, then posts one wake-up to the main thread.
 * Shared layout: Int32 [generation, stop], Float64 target (epoch ms, `Infinity` = idle).
 */

/// <reference lib="deno.worker" />

self.onmessage = (event: MessageEvent<SharedArrayBuffer>) => {
  const ctl = new Int32Array(event.data, 0, 2);
  const target = new Float64Array(event.data, 8, 1);
  self.postMessage("ready");
  let posted = -1;
  while (Atomics.load(ctl, 1) === 0) {
    const gen = Atomics.load(ctl, 0);
    const at = target[0];
    const wait = at - (performance.timeOrigin + performance.now());
    if (!Number.isFinite(at) || posted === gen) {
      Atomics.wait(ctl, 0, gen);
    } else if (wait > 0) {
      Atomics.wait(ctl, 0, gen, wait);
    } else {
      posted = gen;
      self.postMessage(gen);
    }
  }
  self.close();
};
