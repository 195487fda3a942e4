/** @module Stage `synthesize`: a spec (file or inline) → seeded sessions.jsonl (+ stats.json). */
import { join } from "node:path";
import { defineJob } from "../src/pipeline/task.ts";
import { writeStats } from "../src/datasets/stage_io.ts";
import { specOf, SynthesizeParams } from "../src/datasets/synthesize_spec.ts";

export default defineJob({
  name: "synthesize",
  description: "Make seeded sessions from a spec: shared prefixes, lengths, think times, tool use",
  kind: "job",
  schema: SynthesizeParams,
  inputs: (params) => typeof params.spec === "string" ? [params.spec] : [],
  async run(params, ctx) {
    const { describeSynthesize } = await import("../src/datasets/describe_synthesize.ts");
    const { synthesize } = await import("../src/datasets/synthesize.ts");
    const spec = await specOf(params);
    const stats = await synthesize(spec, {
      output: join(ctx.outDir, "sessions.jsonl"),
      source: typeof params.spec === "string" ? params.spec : `synthesize:${ctx.stage}`,
      signal: ctx.signal,
    });
    await writeStats(ctx, stats, describeSynthesize);
    return { outputs: { sessions: "sessions.jsonl", stats: "stats.json" } };
  },
});
