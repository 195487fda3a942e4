/**
 * @module Sub-millisecond wake-ups without spinning: a worker thread sleeps in `Atomics.wait` until
 * the requested time and posts a message back. Deno's own timers have a ~2 ms floor on a 1 ms
 * grid; this lands within about 0.1 ms when the main thread is free, at near-zero CPU.
 */

/** One worker-backed alarm: `wakeAt` replaces the previous target. */
export class PreciseWake {
  readonly #ctl: Int32Array;
  readonly #target: Float64Array;
  readonly #worker: Worker;
  #ready = false;

  /**
   * @param onWake called on the main thread when the target time is reached
   * @param onReady called once the worker is running (until then, wake-ups are not delivered)
   * @throws when workers are unavailable (the caller falls back to timers)
   */
  constructor(onWake: () => void, onReady: () => void) {
    const shared = new SharedArrayBuffer(16);
    this.#ctl = new Int32Array(shared, 0, 2);
    this.#target = new Float64Array(shared, 8, 1);
    this.#target[0] = Infinity;
    this.#worker = new Worker(new URL("./wake_worker.ts", import.meta.url).href, {
      type: "module",
    });
    this.#worker.onmessage = (e: MessageEvent) => {
      if (e.data === "ready") {
        this.#ready = true;
        onReady();
      } else if (e.data === Atomics.load(this.#ctl, 0)) {
        onWake();
      }
    };
    this.#worker.postMessage(shared);
  }

  /** Whether the worker is running. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Asks for one wake-up at `perfAt` (ms on this thread's `performance.now()` clock). */
  wakeAt(perfAt: number): void {
    this.#target[0] = performance.timeOrigin + perfAt;
    Atomics.add(this.#ctl, 0, 1);
    Atomics.notify(this.#ctl, 0);
  }

  /** Cancels the pending wake-up. */
  idle(): void {
    if (this.#target[0] === Infinity) return;
    this.#target[0] = Infinity;
    Atomics.add(this.#ctl, 0, 1);
    Atomics.notify(this.#ctl, 0);
  }

  /** Stops the worker. */
  close(): void {
    Atomics.store(this.#ctl, 1, 1);
    Atomics.notify(this.#ctl, 0);
    this.#worker.terminate();
  }
}
