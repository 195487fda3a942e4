/** @module Stage `merge`: session files (usually other stages' outputs) → one sessions.jsonl. */
import { join } from "node:path";
import { defineJob } from "../src/pipeline/task.ts";
import { describeMerge } from "../src/datasets/describe_merge.ts";
import { MergeParams, mergeSessions, nameSources } from "../src/datasets/merge.ts";
import { writeStats } from "../src/datasets/stage_io.ts";

export default defineJob({
  name: "merge",
  description: "Merge session files into one, with unique ids, per-source limits and a shuffle",
  kind: "job",
  schema: MergeParams,
  inputs: (params) => nameSources(params.inputs).map((s) => s.path),
  async run(params, ctx) {
    const stats = await mergeSessions(params, {
      output: join(ctx.outDir, "sessions.jsonl"),
      signal: ctx.signal,
    });
    await writeStats(ctx, stats, describeMerge);
    return { outputs: { sessions: "sessions.jsonl", stats: "stats.json" } };
  },
});
