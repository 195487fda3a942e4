/**
 * @module The session: one multi-turn conversation to replay, as every converter writes it.
 *
 * `user_messages` stays the heart of it (DESIGN.md's shape, which older files have alone). What
 * the newer inputs add rides alongside, all optional: `turns[i]` describes user message `i`
 * (tool steps, requested answer length, think time, trace time) and `tools` the function
 * definitions sent with every request. A reader that knows only `user_messages` still replays the
 * conversation, without the extras.
 */
import { z } from "zod";

/** One tool call the assistant made, with the result the tool returned. */
export const ToolCall = z.object({
  /** The call's id (`tool_call_id` of the `tool` message carrying the result). */
  id: z.string().min(1),
  /** The function called. */
  name: z.string().min(1),
  /** Its arguments as JSON text, as OpenAI's API carries them. */
  arguments: z.string(),
  /** What the tool returned: the `tool` message's content. */
  result: z.string(),
});
/** One tool call and its result. */
export type ToolCall = z.infer<typeof ToolCall>;

/** One assistant message that called tools (several calls in one step run in parallel). */
export const ToolStep = z.object({
  /** Text the assistant sent along with the calls, if any. */
  content: z.string().optional(),
  calls: z.array(ToolCall).min(1),
});
/** One assistant tool-call message and the results that follow it. */
export type ToolStep = z.infer<typeof ToolStep>;

/** What goes with user message `i` besides its text (unknown keys are kept, for newer writers). */
export const Turn = z.looseObject({
  /**
   * Tool use after the user message, before the final answer, in order. Replayed as: request,
   * then append step 1's assistant message and tool results, request again, …, and the last
   * request's answer is the turn's answer.
   */
  tool_steps: z.array(ToolStep).optional(),
  /** Requested answer length in tokens (`max_tokens`; `min_tokens`/`ignore_eos` where taken). */
  output_tokens: z.number().int().positive().optional(),
  /** Pause after the previous answer before this turn is sent, in ms. */
  think_time_ms: z.number().nonnegative().optional(),
  /** Trace replay: when the trace sent this request, in ms on the trace's clock. */
  timestamp_ms: z.number().nonnegative().optional(),
  /** The user message's length in tokens, with the tokenizer named in `meta.tokenizer`. */
  user_tokens: z.number().int().nonnegative().optional(),
});
/** What goes with one user message besides its text. */
export type Turn = z.infer<typeof Turn>;

/** A function the model may call, as OpenAI's `tools` array holds it. */
export const ToolDefinition = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});
/** A function definition sent in requests. */
export type ToolDefinition = z.infer<typeof ToolDefinition>;

/** One session line of a sessions JSONL file (see DESIGN.md and src/datasets/README.md). */
export const Session = z.object({
  session_id: z.string().min(1),
  user_messages: z.array(z.string()).min(1),
  source: z.string().optional(),
  system: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  /** Function definitions sent with every request of the session. */
  tools: z.array(ToolDefinition).optional(),
  /** One entry per user message, same order and length. */
  turns: z.array(Turn).optional(),
}).refine((s) => s.turns === undefined || s.turns.length === s.user_messages.length, {
  message: "must have one entry per user message",
  path: ["turns"],
});

/** One multi-turn conversation: its user turns in order, with optional system prompt and extras. */
export type Session = z.infer<typeof Session>;
