/** @module Stage `sweep`: replay sessions against an endpoint over load levels × rounds. */
import { join } from "node:path";
import { apiKeyFromEnv, SweepOptions } from "../src/client/options.ts";
import { sweepProgress } from "../src/client/progress.ts";
import { runSweep } from "../src/client/sweep.ts";
import { everyRequestFailed } from "../src/client/sweep_failure.ts";
import { notCold } from "../src/client/cold_check.ts";
import { defineJob } from "../src/pipeline/task.ts";
import { RECORDS_FILE, SUMMARY_FILE } from "../src/results/layout.ts";
import { UserError } from "../src/util/errors.ts";

export default defineJob({
  name: "sweep",
  description: "Replay multi-turn sessions against a chat endpoint over load levels and rounds",
  kind: "job",
  schema: SweepOptions,
  secrets: ["api_key"],
  // The tokenizer's files and chat template count too (issue 12): a changed vocabulary re-measures.
  inputs: (params) => [
    params.dataset,
    ...(params.tokenizer.startsWith("hf:") ? [params.tokenizer.slice(3)] : []),
    ...(params.chat_template ? [params.chat_template] : []),
  ],
  outputs: { records: "file", summary: "file" },
  async run(params, ctx) {
    const summary = await runSweep({ ...params, api_key: params.api_key ?? apiKeyFromEnv() }, {
      outDir: ctx.outDir,
      requestsDir: join(ctx.outDir, "requests"),
      debugDir: join(ctx.outDir, "debug"),
      signal: ctx.signal,
      progress: sweepProgress(ctx),
    });
    if (!summary.complete) {
      throw new UserError(`Sweep interrupted after ${summary.runs.length} runs`);
    }
    const failure = everyRequestFailed(summary);
    if (failure) throw new UserError(failure);
    const warm = notCold(summary);
    if (warm) throw new UserError(warm);
    return { outputs: { records: RECORDS_FILE, summary: SUMMARY_FILE } };
  },
});
