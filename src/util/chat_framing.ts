/**
 * @module The chat framing both the client's token counts and the mock's prompt tokens assume:
 * ChatML, `<|im_start|>role\ncontent<|im_end|>\n` per message, then `<|im_start|>assistant\n` to
 * prime the reply.
 *
 * Counted with gpt-tokenizer (o200k_base, the special tokens atomic as a server's template has
 * them): `<|im_start|>` 1 + the role 1 (`system`, `user`, `assistant` and `tool` are one token
 * each) + `\n` 1 + `<|im_end|>` 1 + `\n` 1 = 5 tokens per message beyond its content, and 3 to
 * prime the reply. (OpenAI's counting recipe says 4 because it counts the role apart; the client
 * used 4 without counting the role, one token short per message.) Content that starts with a
 * newline merges it with the `\n` after the role, so it costs one less: close enough for
 * truncation, and the mock counts it exactly.
 */

/** The token that opens a message (one special token). */
export const IM_START = "<|im_start|>";

/** The token that closes a message (one special token). */
export const IM_END = "<|im_end|>";

/** Between the role and the content, and after `<|im_end|>`. */
export const SEPARATOR = "\n";

/** The role whose opened message primes the reply. */
export const REPLY_ROLE = "assistant";

/** Tokens every message costs beyond its content: `<|im_start|>`, role, `\n`, `<|im_end|>`, `\n`. */
export const MESSAGE_FRAMING_TOKENS = 5;

/** Tokens that prime the assistant's reply (`<|im_start|>assistant\n`), once per prompt. */
export const REPLY_PRIMING_TOKENS = 3;

/**
 * The text of a chat as the framing renders it, special tokens written out.
 *
 * @example
 * ```ts
 * renderChat([{ role: "user", text: "Hi" }]);
 * // "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
 * ```
 */
export function renderChat(messages: readonly { role: string; text: string }[]): string {
  const framed = messages.map((m) =>
    `${IM_START}${m.role}${SEPARATOR}${m.text}${IM_END}${SEPARATOR}`
  );
  return `${framed.join("")}${IM_START}${REPLY_ROLE}${SEPARATOR}`;
}
