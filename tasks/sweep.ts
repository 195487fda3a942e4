/** @module Stage `sweep`: replay sessions against an endpoint over load levels × rounds. */
import { join } from "node:path";
import { apiKeyFromEnv } from "../src/client/options.ts";
import { stageProgress } from "../src/client/progress.ts";
import { defineJob } from "../src/pipeline/task.ts";
import { SweepStageOptions } from "../src/shard/options.ts";
import { takeOverAttempt } from "../src/shard/previous_attempt.ts";
import { runSweepMode } from "../src/shard/sweep_modes.ts";
import type { SweepSummary } from "../src/results/summary.ts";
import { UserError } from "../src/util/errors.ts";

export default defineJob({
  name: "sweep",
  description: "Replay multi-turn sessions against a chat endpoint over load levels and rounds",
  kind: "job",
  schema: SweepStageOptions,
  secrets: ["api_key"],
  inputs: (params) => [params.dataset],
  outputs: { records: "file", summary: "file" },
  async run(params, ctx) {
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
        progress: stageProgress(ctx),
      },
    );
    for (const note of notes) ctx.log(note);
    if (!summary.complete) {
      throw new UserError(`Sweep interrupted after ${summary.runs.length} runs`);
    }
    const failure = everyRequestFailed(summary);
    if (failure) throw new UserError(failure);
    return { outputs: files };
  },
});

/**
 * A sweep in which not one request succeeded measured nothing but a misconfiguration (endpoint,
 * model, key): it fails the stage, so it is never cached as a measurement (its records are kept).
 */
function everyRequestFailed(summary: SweepSummary): string | null {
  const ok = summary.runs.reduce((n, r) => n + r.requests.ok, 0);
  const failed = summary.runs.reduce((n, r) => n + r.requests.failed, 0);
  if (ok > 0 || failed === 0) return null;
  const kinds = new Map<string, number>();
  for (const run of summary.runs) {
    for (const [kind, n] of Object.entries(run.errors)) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
  }
  const byKind = [...kinds].map(([kind, n]) => `${kind} ${n}`).join(", ");
  return `Every request failed (${byKind}): check endpoint "${summary.config.endpoint}" and model "${summary.config.model}"`;
}
