/** @module `deno task report`: writes the report files and sets the exit code on regressions. */
import { join } from "node:path";
import { UserError } from "../util/errors.ts";
import { REGRESSION_EXIT_CODE } from "./baseline.ts";
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
 * @throws {UserError} with exit code {@link REGRESSION_EXIT_CODE} (3) when `failOnRegression` is
 *   set and the baseline comparison found regressions (after writing the files)
 * @example
 * ```ts
 * await reportCommand({ results: "runs/today", baseline: "runs/yesterday", failOnRegression: true });
 * ```
 */
export async function reportCommand(opts: ReportCommandOptions): Promise<number> {
  const outDir = opts.out ?? join(opts.results, "report");
  const { files, model, regressions } = await writeReport({
    results: opts.results,
    baseline: opts.baseline,
    scraped: opts.scraped,
    thresholdPct: opts.threshold,
    title: opts.title,
  }, outDir);
  for (const path of Object.values(files)) console.log(path);
  if (!model.complete) console.error("warning: partial results: the sweep did not finish");
  if (model.baseline) {
    console.error(
      `baseline: ${regressions} regression(s) past ${model.baseline.threshold_pct}% against "${model.baseline.source}"`,
    );
  }
  if (opts.failOnRegression && regressions > 0) {
    throw new UserError(
      `Found ${regressions} regression(s) against baseline "${opts.baseline}": see ${files.markdown}`,
      { exitCode: REGRESSION_EXIT_CODE },
    );
  }
  return 0;
}
