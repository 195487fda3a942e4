/** @module Stage `merge-shards`: a sharded sweep's shard folders → one exact records + summary. */
import { join } from "node:path";
import { z } from "zod";
import { defineJob } from "../src/pipeline/task.ts";
import { RECORDS_FILE, SUMMARY_FILE } from "../src/results/layout.ts";
import { SHARDS_DIR } from "../src/shard/layout.ts";
import { UserError } from "../src/util/errors.ts";

/** The `with:` block of a `merge-shards` stage. */
export const MergeShardsParams = z.object({
  /** The shared output folder holding `shards/<i>-of-<n>/`. */
  dir: z.string().min(1),
  /** The shard count (default: from the folder names). */
  count: z.number().int().min(1).optional(),
  /** Accept a partial merge (a shard missing or unfinished) instead of failing the stage. */
  allow_partial: z.boolean().default(false),
}).strict();

export default defineJob({
  name: "merge-shards",
  description: "Merge a sharded sweep's shard folders into one exact records.jsonl + summary.json",
  kind: "job",
  schema: MergeShardsParams,
  inputs: (p) => [join(p.dir, SHARDS_DIR)],
  outputs: { records: "file", summary: "file" },
  async run(params, ctx) {
    const { mergeShards } = await import("../src/shard/merge.ts");
    const { summary, records, notes } = await mergeShards(params.dir, {
      out: ctx.outDir,
      count: params.count,
    });
    for (const note of notes) ctx.log(note);
    ctx.log(`merged ${records} records of ${summary.shards!.present.length} shards`);
    if (!summary.complete && !params.allow_partial) {
      throw new UserError(
        `Merge is partial: ${notes.filter((n) => n.includes("partial")).join("; ")}`,
      );
    }
    return { outputs: { records: RECORDS_FILE, summary: SUMMARY_FILE } };
  },
});
