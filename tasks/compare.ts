/** @module Stage `compare`: two or more sweeps side by side → compare.md, compare.html, compare.json. */
import { z } from "zod";
import { headline } from "../src/compare/sections.ts";
import { COMPARE_FILES, writeCompare } from "../src/compare/write.ts";
import { defaultLabels } from "../src/compare/model.ts";
import { defineJob, type TaskContext } from "../src/pipeline/task.ts";

/** The `with:` block of a `compare` stage. */
export const CompareParams = z.object({
  /** The sweeps' results folders: `${{ sweep.dir }}` of a matrixed sweep is the list of its jobs'. */
  results: z.array(z.string().min(1)).min(2),
  /** One label per folder; default: the matrix values of the job behind it (`cache_tokens=on`). */
  labels: z.array(z.string().min(1)).optional(),
  /** The label of the sweep the others are compared with; default: the first. */
  reference: z.string().min(1).optional(),
  /** Confidence level of the intervals. */
  confidence: z.number().gt(0).lt(1).default(0.95),
  /** Bootstrap resamples. */
  iterations: z.number().int().min(100).default(2000),
  /** Seed of the resampling (results are the same for the same inputs and seed). */
  seed: z.number().int().default(1),
  /** Smallest change called a difference: % (points for % figures). */
  min_effect_pct: z.number().min(0).default(0),
  title: z.string().optional(),
}).strict();

/** The `with:` block of a `compare` stage. */
export type CompareParams = z.infer<typeof CompareParams>;

/**
 * The labels of folders that are needed jobs' folders: the job's matrix values when every job is
 * of the same stage (`sweep[cache_tokens=on]` → `cache_tokens=on`), else the job's name; a folder
 * that is no job's keeps its own name.
 */
export function jobLabels(results: readonly string[], needs: TaskContext["needs"]): string[] {
  const jobs = results.map((dir) => Object.entries(needs).find(([, r]) => r.dir === dir)?.[0]);
  const stages = new Set(jobs.filter((j) => j !== undefined).map((j) => j.replace(/\[.*$/, "")));
  const fallback = defaultLabels(results);
  const labels = jobs.map((j, i) =>
    j === undefined
      ? fallback[i]
      : stages.size === 1 && j.includes("[")
      ? j.slice(j.indexOf("[") + 1, -1)
      : j
  );
  return new Set(labels).size === labels.length ? labels : fallback;
}

export default defineJob({
  name: "compare",
  description:
    "Compare sweeps paired by session and turn: each figure's change with a bootstrap confidence interval and a verdict",
  kind: "job",
  schema: CompareParams,
  inputs: (p) => [...p.results], // folders in the cache (upstream jobs) are left out of the key
  outputs: { markdown: "file", html: "file", json: "file" },
  async run(p, ctx) {
    const written = await writeCompare({
      results: p.results,
      labels: p.labels ?? jobLabels(p.results, ctx.needs),
      reference: p.reference,
      iterations: p.iterations,
      confidence: p.confidence,
      seed: p.seed,
      minEffectPct: p.min_effect_pct,
      title: p.title,
      pipeline: ctx.pipeline
        ? `${ctx.pipeline.name} (${ctx.pipeline.file}), stage "${ctx.stage}"`
        : `stage "${ctx.stage}"`,
    }, ctx.outDir);
    for (const w of written.model.warnings) ctx.log(`warning: ${w}`);
    ctx.log(headline(written.model));
    return { outputs: { ...COMPARE_FILES } };
  },
});
