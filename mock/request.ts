/** @module The chat-completions request body the mock accepts (validated with zod). */
import { z } from "zod";
import { firstIssue } from "../src/util/zod_issue.ts";
import { ApiError } from "./api_error.ts";

const ContentPart = z.looseObject({ type: z.string(), text: z.string().optional() });

/** One call of an assistant message (OpenAI's shape; `arguments` is JSON text). */
export const MessageToolCall = z.looseObject({
  id: z.string().optional(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

/**
 * One chat message; only the text parts of the content matter to the mock, and an assistant's
 * `tool_calls` (rendered into the prompt, see mock/prompt.ts).
 */
export const ChatMessage = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: z.union([z.string(), z.array(ContentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(MessageToolCall).nullish(),
  tool_call_id: z.string().optional(),
});

/** One chat message. */
export type ChatMessage = z.infer<typeof ChatMessage>;

const tokens = z.number().int().min(1).nullish();

/** A `POST /v1/chat/completions` body; unknown sampling fields are accepted and ignored. */
export const ChatRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(ChatMessage).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: tokens,
  max_completion_tokens: tokens,
  n: z.literal(1).nullish(),
  /** vLLM: keep generating past end-of-sequence, exactly `max_tokens` tokens. */
  ignore_eos: z.boolean().nullish(),
  /** vLLM: generate at least this many tokens. */
  min_tokens: z.number().int().min(0).nullish(),
  /** Functions the model may call; with `tool_call_rate` the mock answers with a call. */
  tools: z.array(
    z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }) }),
  ).nullish(),
  /** `none` forbids calls; `auto`, `required` or a named function allow them. */
  tool_choice: z.unknown().optional(),
});

/** A validated chat-completions request. */
export type ChatRequest = z.infer<typeof ChatRequest>;

/**
 * Validates a parsed JSON body.
 *
 * @throws {ApiError} 400 naming the first bad field in `param`
 * @example
 * ```ts
 * parseChatRequest({ model: "mock-model", messages: [{ role: "user", content: "hi" }] });
 * ```
 */
export function parseChatRequest(body: unknown): ChatRequest {
  const result = ChatRequest.safeParse(body);
  if (result.success) return result.data;
  const { at, message } = firstIssue(result.error);
  const param = at || null;
  throw new ApiError(400, `Invalid request${param ? ` field "${param}"` : ""}: ${message}`, {
    param,
  });
}

/** The text of a message's content (text parts joined; other parts ignored). */
export function messageText(message: ChatMessage): string {
  const c = message.content;
  if (typeof c === "string") return c;
  if (!c) return "";
  return c.map((p) => p.text ?? "").join("");
}

/** The token limit a request sets: `max_completion_tokens` wins over `max_tokens`. */
export function requestedMaxTokens(req: ChatRequest): number | undefined {
  return req.max_completion_tokens ?? req.max_tokens ?? undefined;
}
