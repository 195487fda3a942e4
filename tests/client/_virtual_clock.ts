/**
 * @module A virtual clock for runner tests: `sleep` waits on virtual time, which `run` advances
 * timer by timer, only once everything runnable has run (so no test depends on wall time).
 */

/** A clock whose time moves only when every task is waiting on it. */
export class VirtualClock {
  #now = 0;
  #seq = 0;
  readonly #timers: { at: number; seq: number; wake: () => void }[] = [];

  /** Virtual ms. */
  now(): number {
    return this.#now;
  }

  /** Waits `ms` of virtual time (or until `signal` aborts); never rejects. */
  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = { at: this.#now + ms, seq: this.#seq++, wake: () => resolve() };
      this.#timers.push(timer);
      signal?.addEventListener("abort", () => {
        const i = this.#timers.indexOf(timer);
        if (i >= 0) this.#timers.splice(i, 1);
        resolve();
      }, { once: true });
    });
  };

  /** Runs `task` to its end, firing timers in time order whenever nothing else can run. */
  async run<T>(task: Promise<T>): Promise<T> {
    let done = false;
    const result = task.finally(() => done = true);
    for (let guard = 0; guard < 100_000; guard++) {
      await new Promise((r) => setTimeout(r, 0)); // let every runnable task run
      if (done) return result;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      if (!next) return result;
      this.#now = next.at;
      next.wake();
    }
    throw new Error("VirtualClock: too many timers");
  }
}
