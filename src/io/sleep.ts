/** @module An abortable wait. */

/**
 * Waits `ms` milliseconds (not at all when `ms` ≤ 0), or less if the signal aborts; never rejects.
 *
 * @param ms how long to wait
 * @param signal cuts the wait short when aborted
 * @example
 * ```ts
 * await sleep(500, controller.signal);
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(id);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const id = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
