/** @module Stage `convert-mooncake`: a Mooncake trace (JSONL) → one-turn sessions.jsonl (+ stats.json). */
import { join } from "node:path";
import { defineJob } from "../src/pipeline/task.ts";
import { ConvertMooncakeParams } from "../src/datasets/mooncake_params.ts";
import { writeStats } from "../src/datasets/stage_io.ts";

export default defineJob({
  name: "convert-mooncake",
  description: "Turn a Mooncake trace into sessions whose prompts reproduce its block reuse",
  kind: "job",
  schema: ConvertMooncakeParams,
  inputs: (params) => [params.input],
  async run(params, ctx) {
    const { describeMooncake } = await import("../src/datasets/describe_mooncake.ts");
    const { convertMooncake } = await import("../src/datasets/mooncake.ts");
    const stats = await convertMooncake(params, {
      output: join(ctx.outDir, "sessions.jsonl"),
      signal: ctx.signal,
    });
    await writeStats(ctx, stats, describeMooncake);
    return { outputs: { sessions: "sessions.jsonl", stats: "stats.json" } };
  },
});
