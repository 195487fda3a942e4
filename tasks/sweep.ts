/** @module Stage `sweep`: replay sessions against an endpoint over load levels × rounds. */
import { join } from "node:path";
import { apiKeyFromEnv, SweepOptions } from "../src/client/options.ts";
import { stageProgress } from "../src/client/progress.ts";
import { runSweep } from "../src/client/sweep.ts";
import { defineJob } from "../src/pipeline/task.ts";
import { RECORDS_FILE, SUMMARY_FILE } from "../src/results/layout.ts";
import type { SweepSummary } from "../src/results/summary.ts";
import { UserError } from "../src/util/errors.ts";

export default defineJob({
  name: "sweep",
  description: "Replay multi-turn sessions against a chat endpoint over load levels and rounds",
  kind: "job",
  schema: SweepOptions,
  secrets: ["api_key"],
  inputs: (params) => [params.dataset],
  outputs: { records: "file", summary: "file" },
  async run(params, ctx) {
    const summary = await runSweep({ ...params, api_key: params.api_key ?? apiKeyFromEnv() }, {
      outDir: ctx.outDir,
      requestsDir: join(ctx.outDir, "requests"),
      debugDir: join(ctx.outDir, "debug"),
      signal: ctx.signal,
      progress: stageProgress(ctx),
    });
    if (!summary.complete) {
      throw new UserError(`Sweep interrupted after ${summary.runs.length} runs`);
    }
    const failure = everyRequestFailed(summary);
    if (failure) throw new UserError(failure);
    return { outputs: { records: RECORDS_FILE, summary: SUMMARY_FILE } };
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
