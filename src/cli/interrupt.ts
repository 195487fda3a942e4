/** @module Ctrl-C and SIGTERM for long commands: the first asks for a clean stop, the second quits. */

/**
 * Runs `work` with an AbortSignal that SIGINT/SIGTERM abort. The first signal prints `message`
 * and aborts, so the work can stop cleanly (keep finished records, stop services); a second one
 * exits at once with code 130. The listeners are removed when `work` settles.
 *
 * @param message the line printed on the first signal
 * @param work the command's body, given the signal to honour
 * @returns what `work` returns
 * @example
 * ```ts
 * const code = await withInterrupt("interrupted: stopping", (signal) => sweep({ signal }));
 * ```
 */
export async function withInterrupt<T>(
  message: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    if (++interrupts > 1) Deno.exit(130);
    console.error(`\n${message} (Ctrl-C again to quit at once)`);
    controller.abort();
  };
  const signals = ["SIGINT", "SIGTERM"] as const;
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  try {
    return await work(controller.signal);
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
  }
}
