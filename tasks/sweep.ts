/** @module Stage `sweep`: replay sessions against an endpoint over load levels × rounds. */
import { join } from "node:path";
import { apiKeyFromEnv } from "../src/client/options.ts";
import { sweepProgress } from "../src/client/progress.ts";
import { everyRequestFailed } from "../src/client/sweep_failure.ts";
import { notCold } from "../src/client/cold_check.ts";
import { defineJob } from "../src/pipeline/task.ts";
import { SweepStageOptions } from "../src/shard/options.ts";
import { UserError } from "../src/util/errors.ts";

export default defineJob({
  name: "sweep",
  description: "Replay multi-turn sessions against a chat endpoint over load levels and rounds",
  kind: "job",
  schema: SweepStageOptions,
  secrets: ["api_key"],
  // The tokenizer's files and chat template count too (issue 12): a changed vocabulary re-measures.
  inputs: (params) => [
    params.dataset,
    ...(params.tokenizer.startsWith("hf:") ? [params.tokenizer.slice(3)] : []),
    ...(params.chat_template ? [params.chat_template] : []),
  ],
  outputs: { records: "file", summary: "file" },
  async run(params, ctx) {
    const { takeOverAttempt } = await import("../src/shard/previous_attempt.ts");
    const { runSweepMode } = await import("../src/shard/sweep_modes.ts");
    const { shard, workers, ...options } = params;
    const resume = await takeOverAttempt(ctx.previousAttempt, ctx.outDir);
    if (resume) ctx.log(`resuming the kept attempt ${ctx.previousAttempt}`);
    const { summary, notes, files } = await runSweepMode(
      { ...options, api_key: options.api_key ?? apiKeyFromEnv() },
      { shard, workers, resume },
      {
        outDir: ctx.outDir,
        requestsDir: join(ctx.outDir, "requests"),
        debugDir: join(ctx.outDir, "debug"),
        signal: ctx.signal,
        progress: sweepProgress(ctx),
      },
    );
    for (const note of notes) ctx.log(note);
    if (!summary.complete) {
      throw new UserError(`Sweep interrupted after ${summary.runs.length} runs`);
    }
    const failure = everyRequestFailed(summary);
    if (failure) throw new UserError(failure);
    const warm = notCold(summary);
    if (warm) throw new UserError(warm);
    return { outputs: files };
  },
});
