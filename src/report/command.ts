/** @module `deno task report`: writes the report files and sets the exit code on regressions. */
import { join } from "node:path";
import { baselineGate } from "./baseline_gate.ts";
import { writeReport } from "./write.ts";

/** Options of `deno task report`. */
export interface ReportCommandOptions {
  /** The sweep's results folder. */
  results: string;
  /** Output folder; default `<results>/report`. */
  out?: string;
  baseline?: string;
  scraped?: string;
  /** Regression threshold in percent; default 10. */
  threshold?: number;
  failOnRegression?: boolean;
  title?: string;
}

/**
 * Writes the report of a results folder, prints the files written (stdout) and the baseline
 * verdict (stderr).
 *
 * @returns the exit code: 0
 * @throws {UserError} with exit code 3 when `failOnRegression` is set and the baseline comparison
 *   found regressions (after writing the files; see `baseline_gate.ts`)
 * @example
 * ```ts
 * await reportCommand({ results: "runs/today", baseline: "runs/yesterday", failOnRegression: true });
 * ```
 */
export async function reportCommand(opts: ReportCommandOptions): Promise<number> {
  const outDir = opts.out ?? join(opts.results, "report");
  const written = await writeReport({
    results: opts.results,
    baseline: opts.baseline,
    scraped: opts.scraped,
    thresholdPct: opts.threshold,
    title: opts.title,
  }, outDir);
  for (const path of Object.values(written.files)) console.log(path);
  if (!written.model.complete) console.error("warning: partial results: the sweep did not finish");
  baselineGate(written, {
    failOnRegression: opts.failOnRegression,
    see: written.files.markdown,
    log: console.error,
  });
  return 0;
}
