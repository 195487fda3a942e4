/** @module The zod schema of a pipeline file (`pipelines/<name>.yaml`). */
import { z } from "zod";

/** Stage (and pipeline) names: a letter or `_`, then letters, digits, `_` or `-`. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** One stage: which task it runs, its parameters, and the stages it needs. */
export const StageSpec = z.strictObject({
  task: z.string({ error: "expected a task name" }),
  with: z.record(z.string(), z.unknown(), { error: "expected a mapping of parameters" })
    .nullish().transform((v) => v ?? {}),
  needs: z.array(z.string(), { error: "expected a list of stage names" })
    .nullish().transform((v) => v ?? []),
  /** `key: [values…]`: one job per combination; each key names a `with:` field. */
  matrix: z.record(z.string(), z.unknown(), {
    error: "expected a mapping of parameters to lists of values",
  }).optional(),
});
/** `StageSpec` ignoring unknown keys: lets the loader go on checking a stage with a stray key. */
export const StageSpecLoose = z.object(StageSpec.shape);

/** A validated stage entry. */
export type StageSpec = z.infer<typeof StageSpec>;

/** The top level of a pipeline file; `stages` is checked entry by entry with `StageSpec`. */
export const PipelineSpec = z.strictObject({
  name: z.string().regex(NAME_PATTERN, "expected letters, digits, _ or -").optional(),
  description: z.string().optional(),
  stages: z.record(z.string(), z.unknown(), { error: "expected a mapping of stages" }),
});
/** A validated pipeline file (stages not yet checked). */
export type PipelineSpec = z.infer<typeof PipelineSpec>;
