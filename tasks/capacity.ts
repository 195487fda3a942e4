/** @module Stage `capacity`: the largest load (users, concurrency or req/s) that meets an SLO. */
import { join } from "node:path";
import { CapacityOptions } from "../src/capacity/options.ts";
import { apiKeyFromEnv } from "../src/client/options.ts";
import { sweepProgress } from "../src/client/progress.ts";
import { everyRequestFailed } from "../src/client/sweep_failure.ts";
import { defineJob } from "../src/pipeline/task.ts";
import { RECORDS_FILE, SUMMARY_FILE } from "../src/results/layout.ts";
import { UserError } from "../src/util/errors.ts";

export default defineJob({
  name: "capacity",
  description: "Search the largest load that meets an SLO; every probe kept like a sweep's runs",
  kind: "job",
  schema: CapacityOptions,
  secrets: ["api_key"],
  inputs: (params) => [params.dataset],
  outputs: { records: "file", summary: "file" },
  async run(params, ctx) {
    const { runCapacity } = await import("../src/capacity/run_capacity.ts");
    const summary = await runCapacity({ ...params, api_key: params.api_key ?? apiKeyFromEnv() }, {
      outDir: ctx.outDir,
      requestsDir: join(ctx.outDir, "requests"),
      debugDir: join(ctx.outDir, "debug"),
      signal: ctx.signal,
      progress: sweepProgress(ctx),
    });
    if (!summary.complete) {
      throw new UserError(`Capacity search interrupted after ${summary.runs.length} probes`);
    }
    const failure = everyRequestFailed(summary);
    if (failure) throw new UserError(failure);
    return { outputs: { records: RECORDS_FILE, summary: SUMMARY_FILE } };
  },
});
