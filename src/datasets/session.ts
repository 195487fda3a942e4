/** @module The session: one multi-turn conversation to replay, as every converter writes it. */
import { z } from "zod";

/** One session line of a sessions JSONL file (see DESIGN.md). */
export const Session = z.object({
  session_id: z.string().min(1),
  user_messages: z.array(z.string()).min(1),
  source: z.string().optional(),
  system: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

/** One multi-turn conversation: its user turns in order, with optional system prompt. */
export type Session = z.infer<typeof Session>;
