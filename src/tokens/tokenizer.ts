/** @module The tokenizer contracts: text tokenizers and chat prompt counters (gpt, hf:<path>, server). */

/** Where a token count came from, as records say it (`token_source`). */
export type TokenSource = "gpt" | "hf" | "server";

/** A text tokenizer: the same text always gives the same ids. */
export interface Tokenizer {
  /** "gpt", "hf:<path>" or "server". */
  readonly name: string;
  /** Token ids of `text`, no special tokens added (special-token text in it is parsed as such). */
  encode(text: string): number[];
  /** The text of `ids`. */
  decode(ids: readonly number[]): string;
  /** Token count of `text` (same as encode(text).length, maybe faster). */
  count(text: string): number;
}

/** One chat message as sent to the server. */
export interface ChatMessage {
  role: string;
  content: string;
  /** Issue 14: an assistant message's calls (OpenAI's shape); a template renders them. */
  tool_calls?: readonly { function: { name: string; arguments: string } }[];
  /** Issue 14: a `tool` message's call. */
  tool_call_id?: string;
}

/** A request's `tools` (OpenAI's function definitions), which a chat template may render. */
export type ChatTools = readonly unknown[];

/** A chat prompt counted as the server will see it: template applied, generation prompt added. */
export interface PreparedPrompt {
  /** Prompt tokens, as the server's `usage.prompt_tokens` should report them. */
  tokens: number;
  /** The prompt's token ids (for expected-cache bookkeeping); `tokens` long. */
  ids: readonly number[];
}

/**
 * Counts whole chat prompts exactly as the server renders them, caching what it has counted so a
 * conversation's next turn only tokenizes its new text. A runner calls `prepare` before it
 * starts the request's clock: counting is never on the timed path.
 */
export interface PromptCounter {
  /** The spec it was loaded from: "gpt", "hf:<path>" or "server". */
  readonly name: string;
  /** What records say in `token_source`. */
  readonly source: TokenSource;
  /** How the prompt is rendered, for logs and reports (e.g. "chat template of tokenizer_config.json"). */
  readonly rendering: string;
  /**
   * Counts the prompt of `messages`, with the request's `tools` where the server renders them
   * (a chat template that puts the definitions in the system prompt; the mock does not).
   *
   * @throws {Error} when the prompt cannot be rendered or counted (bad template, server down)
   */
  prepare(messages: readonly ChatMessage[], tools?: ChatTools): Promise<PreparedPrompt>;
  /** Releases what it holds (connections, caches). */
  close?(): void;
}
