/** @module Stage `convert-longbench`: LongBench dataset files → sessions.jsonl (+ stats.json). */
import { join } from "node:path";
import { defineJob } from "../src/pipeline/task.ts";
import { describeLongBench } from "../src/datasets/describe_longbench.ts";
import { convertLongBench, ConvertLongBenchParams } from "../src/datasets/longbench.ts";
import { longBenchFiles } from "../src/datasets/longbench_files.ts";
import { byteProgress } from "../src/datasets/progress.ts";
import { writeStats } from "../src/datasets/stage_io.ts";

export default defineJob({
  name: "convert-longbench",
  description: "Convert LongBench datasets into multi-turn sessions, one per shared document",
  kind: "job",
  schema: ConvertLongBenchParams,
  inputs: (params) => [
    ...longBenchFiles(params).map((f) => f.path),
    ...(params.template_file ? [params.template_file] : []),
  ],
  async run(params, ctx) {
    const stats = await convertLongBench(params, {
      output: join(ctx.outDir, "sessions.jsonl"),
      onProgress: byteProgress(ctx.progress),
      signal: ctx.signal,
    });
    await writeStats(ctx, stats, describeLongBench);
    return { outputs: { sessions: "sessions.jsonl", stats: "stats.json" } };
  },
});
