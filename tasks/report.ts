/** @module Stage `report`: a sweep's results folder → report.md, report.html, summary.csv/.json. */
import { z } from "zod";
import { defineJob } from "../src/pipeline/task.ts";
import { baselineGate, usableBaseline } from "../src/report/baseline_gate.ts";
import { REPORT_FILES, writeReport } from "../src/report/write.ts";

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
    const baseline = usableBaseline(p.baseline, p.baseline_if_missing);
    return baseline ? [baseline] : [];
  },
  outputs: { markdown: "file", html: "file", csv: "file", json: "file" },
  async run(p, ctx) {
    const baseline = usableBaseline(p.baseline, p.baseline_if_missing);
    if (p.baseline && !baseline) ctx.log(`no baseline yet at "${p.baseline}": comparison skipped`);
    const written = await writeReport({
      results: p.results,
      scraped: p.scraped,
      baseline,
      thresholdPct: p.regression_threshold_pct,
      title: p.title,
      pipeline: ctx.pipeline
        ? `${ctx.pipeline.name} (${ctx.pipeline.file}), stage "${ctx.stage}"`
        : `stage "${ctx.stage}"`,
    }, ctx.outDir);
    if (!written.model.complete) {
      ctx.log("partial results: the sweep did not finish; the report says so");
    }
    baselineGate(written, {
      failOnRegression: p.fail_on_regression,
      see: REPORT_FILES.markdown,
      log: (line) => ctx.log(line),
    });
    return { outputs: { ...REPORT_FILES } };
  },
});
