/**
 * @module The text an assistant message that calls tools stands for in a ChatML prompt: the one
 * rendering the mock counts (mock/prompt.ts), the client truncates with (src/client/tool_steps.ts)
 * and the expected cache assumes (src/datasets/expected_hit_rate.ts).
 *
 * A real chat template writes the calls into the prompt, so they cost tokens. This one is the
 * Hermes / Qwen style: the message's content (if any), then each call on its own lines,
 *
 * ```
 * <tool_call>
 * {"name": "get_weather", "arguments": {"city": "Paris"}}
 * </tool_call>
 * ```
 *
 * joined by `\n`, with the arguments' JSON text as written (not re-serialized), inside the usual
 * `<|im_start|>assistant\n … <|im_end|>\n` framing. A `tool` message is framed like any other
 * message, its content the tool's result.
 */

/** One call as the rendering needs it (OpenAI's `function` object, or a session's call). */
export interface ToolCallText {
  name: string;
  /** The arguments' JSON text. */
  arguments: string;
}

/**
 * The text of an assistant message with tool calls, as the ChatML prompt holds it.
 *
 * @param content the text sent along with the calls (null or empty: none)
 * @param calls the calls, in order
 * @returns the message's text between its framing tokens
 * @example
 * ```ts
 * toolCallsText(null, [{ name: "f", arguments: "{}" }]);
 * // '<tool_call>\n{"name": "f", "arguments": {}}\n</tool_call>'
 * ```
 */
export function toolCallsText(
  content: string | null | undefined,
  calls: readonly ToolCallText[],
): string {
  const parts = content ? [content] : [];
  for (const c of calls) {
    parts.push(
      `<tool_call>\n{"name": ${JSON.stringify(c.name)}, "arguments": ${
        c.arguments.trim() || "{}"
      }}\n</tool_call>`,
    );
  }
  return parts.join("\n");
}
