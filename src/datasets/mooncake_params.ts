/** @module The `convert-mooncake` stage's parameters, apart from the converter (a pipeline's plan loads only this). */
import { z } from "zod";

/** Parameters of `convert-mooncake` (the stage's `with:` block; the CLI maps its flags here). */
export const ConvertMooncakeParams = z.object({
  /** The trace, JSONL. */
  input: z.string().min(1),
  /** Tokens per hash id's block, as the trace was made (512 in Mooncake's published traces). */
  block_size: z.number().int().min(1).default(512),
  /** The tokenizer the blocks are exact for. */
  tokenizer: z.literal("gpt").default("gpt"),
  /** Seeds the block texts: the same seed gives the same text for the same hash id. */
  seed: z.number().int().default(0),
  /** Convert at most this many requests (the first ones). */
  max_requests: z.number().int().positive().optional(),
  /** Count and pass over bad lines instead of failing. */
  skip_invalid: z.boolean().default(false),
});
/** Parameters of `convert-mooncake`. */
export type ConvertMooncakeParams = z.infer<typeof ConvertMooncakeParams>;
