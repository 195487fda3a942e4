/** @module A command's progress: the one terminal renderer, adapted to the domains' `Reporting`. */
import type { Reporting } from "../util/progress.ts";
import { Reporter, type ReporterOptions } from "../util/reporter.ts";

/** A command's output: log lines and progress on stderr, and `print` for results on stdout. */
export interface CommandOutput extends Reporting {
  /** Prints results to stdout (default `console.log`), with the bar cleared around it. */
  print(text: string): void;
}

/**
 * Runs a command's work with a {@linkcode Reporting} on stderr: log lines as they are, and a live
 * bar labelled `[label]` when stderr is a terminal (a plain progress line every 5 s otherwise).
 * The bar is cleared when the work settles.
 *
 * @param label the command's name, shown on its bar
 * @param work receives the reporting to hand to a domain function
 * @param options the renderer's options (tests pass their own `write`, `tty` and `print`)
 * @returns what `work` returns
 * @example
 * ```ts
 * await withProgress("convert-sharegpt", (out) =>
 *   convertShareGpt(params, { output, onProgress: byteProgress(out.progress) }));
 * ```
 */
export async function withProgress<T>(
  label: string,
  work: (out: CommandOutput) => Promise<T>,
  options: ReporterOptions & { print?: (text: string) => void } = {},
): Promise<T> {
  const { print = console.log, ...rendering } = options;
  const reporter = new Reporter(rendering);
  try {
    return await work({
      log: (m) => reporter.line(m),
      progress: reporter.progress(label),
      print: (text) => reporter.above(() => print(text)),
    });
  } finally {
    reporter.close();
  }
}
