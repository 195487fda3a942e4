/** @module Admission control: at most `max_running` requests run; the rest wait in FIFO order. */

/** Running and waiting requests, as vLLM's scheduler gauges count them. */
export class Slots {
  #running = 0;
  #waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(readonly maxRunning: number) {}

  /** Requests holding a slot. */
  get running(): number {
    return this.#running;
  }

  /** Requests queued for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Takes a slot, waiting in line when all are taken. Returns how many requests run now (this
   * one included) and the function that gives the slot back (calling it twice is harmless).
   *
   * @throws the signal's reason when it aborts while waiting
   * @example
   * ```ts
   * const { release } = await slots.acquire(signal);
   * try { … } finally { release(); }
   * ```
   */
  async acquire(signal?: AbortSignal): Promise<{ release: () => void; running: number }> {
    if (this.#running < this.maxRunning && this.#waiting.length === 0) {
      this.#running++;
    } else {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const i = this.#waiting.indexOf(waiter);
          if (i >= 0) this.#waiting.splice(i, 1);
          reject(signal?.reason);
        };
        const waiter = {
          resolve: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
          reject,
        };
        this.#waiting.push(waiter);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    }
    const running = this.#running;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      const next = this.#waiting.shift();
      if (next) next.resolve();
      else this.#running--;
    };
    return { release, running };
  }

  /** Rejects every waiting request (on shutdown). */
  close(reason: unknown): void {
    for (const w of this.#waiting.splice(0)) w.reject(reason);
  }
}
