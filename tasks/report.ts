/** @module Stage `report`: a sweep's results folder → report.md, report.html, summary.csv/.json. */
import { z } from "zod";
import { defineJob } from "../src/pipeline/task.ts";
import { REGRESSION_EXIT_CODE } from "../src/report/baseline.ts";
import { REPORT_FILES, writeReport } from "../src/report/write.ts";
import { UserError } from "../src/util/errors.ts";

/** The `with:` block of a `report` stage. */
export const ReportParams = z.object({
  /** The sweep's results folder, usually `${{ sweep.dir }}`. */
  results: z.string().min(1),
  /** A scraped.json, usually `${{ scrape.scraped }}`; default: the results folder's, if any. */
  scraped: z.string().min(1).optional(),
  /** An earlier results or report folder to compare with. */
  baseline: z.string().min(1).optional(),
  /**
   * What a missing baseline folder means: `error` (a typo should not pass silently), or `skip`
   * (a nightly job's first night, before any run was kept as baseline).
   */
  baseline_if_missing: z.enum(["error", "skip"]).default("error"),
  /** Fail the stage (after writing the report) when a metric regressed past the threshold. */
  fail_on_regression: z.boolean().default(false),
  /** Regression threshold in percent. */
  regression_threshold_pct: z.number().min(0).default(10),
  title: z.string().optional(),
});

/** The `with:` block of a `report` stage. */
export type ReportParams = z.infer<typeof ReportParams>;

export default defineJob({
  name: "report",
  description:
    "Turn a sweep's results (and scraped metrics) into report.md, report.html, summary.csv and summary.json",
  kind: "job",
  schema: ReportParams,
  inputs: (p) => {
    const baseline = usableBaseline(p);
    return baseline ? [baseline] : [];
  },
  outputs: { markdown: "file", html: "file", csv: "file", json: "file" },
  async run(p, ctx) {
    const baseline = usableBaseline(p);
    if (p.baseline && !baseline) ctx.log(`no baseline yet at "${p.baseline}": comparison skipped`);
    const { regressions, model } = await writeReport({
      results: p.results,
      scraped: p.scraped,
      baseline,
      thresholdPct: p.regression_threshold_pct,
      title: p.title,
      pipeline: ctx.pipeline
        ? `${ctx.pipeline.name} (${ctx.pipeline.file}), stage "${ctx.stage}"`
        : `stage "${ctx.stage}"`,
    }, ctx.outDir);
    if (!model.complete) ctx.log("partial results: the sweep did not finish; the report says so");
    if (model.baseline) ctx.log(`${regressions} regression(s) against baseline "${p.baseline}"`);
    if (p.fail_on_regression && regressions > 0) {
      throw new UserError(
        `Found ${regressions} regression(s) against baseline "${p.baseline}" past ${p.regression_threshold_pct}%: see report.md`,
        { exitCode: REGRESSION_EXIT_CODE },
      );
    }
    return { outputs: { ...REPORT_FILES } };
  },
});

/** The baseline folder to compare with, or undefined when none is set or a missing one may be skipped. */
function usableBaseline(p: ReportParams): string | undefined {
  if (!p.baseline || p.baseline_if_missing === "error") return p.baseline;
  try {
    Deno.statSync(p.baseline);
    return p.baseline;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
