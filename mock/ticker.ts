/**
 * @module Deadline scheduling for token emission: callbacks run at absolute target times
 * (`performance.now()` ms) from one shared alarm, so delays never accumulate drift and every
 * deadline that falls due in the same wake-up runs in one batch.
 */
import { PreciseWake } from "./precise_wake.ts";

/** A scheduled callback; pass it to `cancel`. */
export interface TickEntry {
  at: number;
  fn: (now: number) => void;
  cancelled: boolean;
}

/**
 * How the ticker waits. `precise`: a worker thread sleeping in `Atomics.wait` wakes it (within
 * ~0.1 ms, near-zero CPU). `coarse`: Deno's timers only (a ~2 ms floor on a 1 ms grid, so errors
 * up to ~2 ms). `precise` falls back to timers until its worker runs, or if workers are missing.
 */
export type TimerMode = "precise" | "coarse";

/** The worker stops after this long without a deadline (and restarts on the next one). */
const IDLE_MS = 30_000;

/**
 * One alarm for many deadlines: a binary min-heap ordered by target time; each wake-up runs every
 * callback that is due, so N streams cost one alarm, not N timers.
 *
 * @example
 * ```ts
 * const ticker = new Ticker("precise");
 * const target = performance.now() + 5;
 * ticker.schedule(target, (now) => console.log("late by", now - target));
 * await ticker.sleepUntil(performance.now() + 10);
 * ticker.close();
 * ```
 */
export class Ticker {
  #heap: TickEntry[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wake: PreciseWake | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #armedAt = Infinity;
  #closed = false;
  #firing = false;
  /** Callbacks due within this many ms of now run in the current batch. */
  readonly early: number;

  constructor(readonly mode: TimerMode = "precise") {
    this.early = mode === "precise" ? 0.05 : 0.2;
    this.#startWake();
    this.#idleSoon();
  }

  /** Runs `fn` at (or just after) `at`; a past `at` runs on the next wake-up. */
  schedule(at: number, fn: (now: number) => void): TickEntry {
    const entry: TickEntry = { at, fn, cancelled: false };
    if (this.#closed) return entry;
    this.#push(entry);
    if (!this.#firing && at < this.#armedAt - this.early) this.#arm();
    return entry;
  }

  /** Stops a scheduled callback from running. */
  cancel(entry: TickEntry): void {
    entry.cancelled = true;
  }

  /** Resolves at `at` (ms on the `performance.now()` clock); rejects if `signal` aborts first. */
  sleepUntil(at: number, signal?: AbortSignal): Promise<number> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.cancel(entry);
        reject(signal!.reason);
      };
      const entry = this.schedule(at, (now) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(now);
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Drops every pending callback, the timer and the worker. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#heap = [];
    clearTimeout(this.#idleTimer);
    this.#wake?.close();
    this.#wake = undefined;
  }

  /** Stops the worker after `IDLE_MS` without work, so an unclosed ticker cannot keep Deno alive. */
  #idleSoon(): void {
    if (!this.#wake || this.#idleTimer !== undefined) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      this.#wake?.close();
      this.#wake = undefined;
    }, IDLE_MS);
  }

  #startWake(): PreciseWake | undefined {
    if (this.mode !== "precise" || this.#closed) return undefined;
    if (!this.#wake) {
      try {
        this.#wake = new PreciseWake(this.#fire, () => this.#arm());
      } catch {
        (this as { mode: TimerMode }).mode = "coarse";
        return undefined;
      }
    }
    return this.#wake.ready ? this.#wake : undefined;
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedAt = Infinity;
    while (this.#heap.length > 0 && this.#heap[0].cancelled) this.#pop();
    if (this.#heap.length === 0 || this.#closed) {
      this.#wake?.idle();
      return this.#idleSoon();
    }
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    const wake = this.#startWake();
    const at = this.#heap[0].at;
    this.#armedAt = at;
    if (wake) return wake.wakeAt(at - this.early);
    const delay = Math.max(0, Math.ceil(at - performance.now() - this.early));
    this.#timer = setTimeout(this.#fire, delay);
  }

  #fire = (): void => {
    this.#timer = undefined;
    this.#armedAt = Infinity;
    this.#firing = true;
    let now = performance.now();
    while (this.#heap.length > 0 && this.#heap[0].at <= now + this.early) {
      const entry = this.#pop();
      if (entry.cancelled) continue;
      try {
        entry.fn(now);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
      now = performance.now();
    }
    this.#firing = false;
    this.#arm();
  };

  #push(entry: TickEntry): void {
    const h = this.#heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].at <= entry.at) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = entry;
  }

  #pop(): TickEntry {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const c = l + 1 < h.length && h[l + 1].at < h[l].at ? l + 1 : l;
        if (h[c].at >= last.at) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
