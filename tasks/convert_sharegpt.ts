/** @module Stage `convert-sharegpt`: ShareGPT dumps → sessions.jsonl (+ stats.json). */
import { join } from "node:path";
import { defineJob } from "../src/pipeline/task.ts";
import { describeShareGpt } from "../src/datasets/describe_sharegpt.ts";
import { convertShareGpt, ConvertShareGptParams } from "../src/datasets/sharegpt.ts";
import { byteProgress } from "../src/datasets/progress.ts";
import { writeStats } from "../src/datasets/stage_io.ts";

export default defineJob({
  name: "convert-sharegpt",
  description: "Convert ShareGPT dumps (a file or a folder, JSON arrays and JSONL) into sessions",
  kind: "job",
  schema: ConvertShareGptParams,
  inputs: (params) => [params.input],
  async run(params, ctx) {
    const stats = await convertShareGpt(params, {
      output: join(ctx.outDir, "sessions.jsonl"),
      onProgress: byteProgress(ctx.progress),
      signal: ctx.signal,
    });
    await writeStats(ctx, stats, (s) => describeShareGpt(s, params.max_sessions));
    return { outputs: { sessions: "sessions.jsonl", stats: "stats.json" } };
  },
});
