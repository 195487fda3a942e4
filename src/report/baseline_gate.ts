/**
 * @module The baseline gate of `deno task report` and the `report` stage, written once: which
 * baseline folder to use, the line that states the comparison, and the failure on a regression.
 */
import { UserError } from "../util/errors.ts";
import { type BaselineResult, REGRESSION_EXIT_CODE, ruleSummary } from "./baseline.ts";

/**
 * The baseline folder to compare with: `baseline` as given, or undefined when none is set, or when
 * it does not exist and `ifMissing` is `skip` (a nightly job's first night). With `error` a
 * missing folder is kept, so reading it fails with one line (a typo should not pass silently).
 *
 * @example
 * ```ts
 * usableBaseline("baselines/nightly", "skip"); // undefined on the first night
 * ```
 */
export function usableBaseline(
  baseline: string | undefined,
  ifMissing: "error" | "skip" = "error",
): string | undefined {
  if (!baseline || ifMissing === "error") return baseline;
  try {
    Deno.statSync(baseline);
    return baseline;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** What the gate looks at: the written report's comparison with its baseline. */
export interface GateInput {
  /** Metrics flagged against the baseline (0 without one). */
  regressions: number;
  /** The comparison, when a baseline was read. */
  model: {
    baseline:
      | { threshold_pct: number; source: string }
        & Partial<Pick<BaselineResult, "comparisons" | "confidence">>
      | null;
  };
}

/**
 * Judges a written report against its baseline: logs the line stating the comparison and how it
 * was judged — by confidence intervals with trials or paired sessions, else by single values
 * against the threshold, as before (see `compareWithBaseline`) — nothing without a baseline; then,
 * with `failOnRegression` and a regression, throws.
 *
 * @param report what `writeReport` returned
 * @param opts `failOnRegression`; `see`, the file the failure points to (report.md); `log`, where
 *   the line goes
 * @throws {UserError} exit code {@linkcode REGRESSION_EXIT_CODE} (3): `Found 2 regression(s)
 *   against baseline "runs/old" past 10%: see report.md`
 * @example
 * ```ts
 * baselineGate(await writeReport(opts, out), { failOnRegression, see: "report.md", log });
 * // logs: baseline: 2 regression(s) past 10% against "runs/old"
 * ```
 */
export function baselineGate(
  report: GateInput,
  opts: { failOnRegression?: boolean; see: string; log: (line: string) => void },
): void {
  const base = report.model.baseline;
  if (!base) return;
  const found = `${report.regressions} regression(s)`;
  const how = base.comparisons && base.confidence
    ? `: ${ruleSummary({ comparisons: base.comparisons, confidence: base.confidence })}`
    : "";
  opts.log(`baseline: ${found} past ${base.threshold_pct}% against "${base.source}"${how}`);
  if (opts.failOnRegression && report.regressions > 0) {
    throw new UserError(
      `Found ${found} against baseline "${base.source}" past ${base.threshold_pct}%: see ${opts.see}`,
      { exitCode: REGRESSION_EXIT_CODE },
    );
  }
}
