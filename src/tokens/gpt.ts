/**
 * @module The `gpt` tokenizer: gpt-tokenizer (o200k_base), and a prompt counter rendering chats
 * as ChatML the way turnbench's mock does.
 *
 * Framing, per message: `<|im_start|>` role `\n` content `<|im_end|>` `\n`; then the generation
 * prompt `<|im_start|>assistant\n`. `<|im_start|>` and `<|im_end|>` are one special token each;
 * text inside a message is plain text (a literal "<|endoftext|>" in it is not special). This is
 * the mock's rendering (mock/prompt.ts; an assistant's `tool_calls` as `toolCallsText`,
 * src/util/tool_framing.ts), so on the mock the counts and ids are exact; on a real
 * server they are an estimate in another vocabulary.
 */
import { decode, encode } from "gpt-tokenizer";
import type { ChatMessage, PreparedPrompt, PromptCounter, Tokenizer } from "./tokenizer.ts";
import { TextCache } from "./text_cache.ts";
import { toolCallsText } from "../util/tool_framing.ts";

const PLAIN = { disallowedSpecial: new Set<string>() };
const IM_START = encode("<|im_start|>", { allowedSpecial: "all" })[0];
const IM_END = encode("<|im_end|>", { allowedSpecial: "all" })[0];
const NEWLINE = encode("\n");

/**
 * gpt-tokenizer's o200k_base on plain text (special-token text is not special).
 *
 * @example
 * ```ts
 * new GptTokenizer().count("hello world"); // 2
 * ```
 */
export class GptTokenizer implements Tokenizer {
  readonly name = "gpt";

  /** Token ids of `text`, as plain text. */
  encode(text: string): number[] {
    return text.length === 0 ? [] : encode(text, PLAIN);
  }

  /** The text of `ids`. */
  decode(ids: readonly number[]): string {
    return decode(ids as number[]);
  }

  /** Token count of `text`. */
  count(text: string): number {
    return text.length === 0 ? 0 : encode(text, PLAIN).length;
  }
}

/**
 * Counts chat prompts as ChatML over o200k_base (see the module comment), each message text
 * encoded once and cached.
 *
 * @example
 * ```ts
 * const p = await new GptPromptCounter().prepare([{ role: "user", content: "hi" }]);
 * p.tokens; // 9: 6 framing + "user" + "hi" + "assistant"
 * ```
 */
export class GptPromptCounter implements PromptCounter {
  readonly name = "gpt";
  readonly source = "gpt" as const;
  readonly rendering = "ChatML framing over o200k_base, as turnbench's mock renders it";
  readonly #tok = new GptTokenizer();
  readonly #cache: TextCache<number[]>;

  /** @param cacheChars the most message characters kept encoded (least recently used dropped) */
  constructor(cacheChars = 32 * 2 ** 20) {
    this.#cache = new TextCache(cacheChars);
  }

  /**
   * The ChatML prompt ids of `messages`, generation prompt included. Tool definitions are not
   * part of the prompt, as the mock renders it.
   */
  prepare(messages: readonly ChatMessage[]): Promise<PreparedPrompt> {
    return Promise.resolve(this.prepareSync(messages));
  }

  /** `prepare`, synchronously. */
  prepareSync(messages: readonly ChatMessage[]): PreparedPrompt {
    const ids: number[] = [];
    const push = (text: string) => {
      for (const id of this.#encode(text)) ids.push(id);
    };
    for (const m of messages) {
      ids.push(IM_START);
      push(m.role);
      for (const id of NEWLINE) ids.push(id);
      // An assistant's tool calls are part of its text, as the mock renders them (issue 14).
      push(
        m.tool_calls?.length
          ? toolCallsText(m.content, m.tool_calls.map((c) => c.function))
          : m.content,
      );
      ids.push(IM_END);
      for (const id of NEWLINE) ids.push(id);
    }
    ids.push(IM_START);
    push("assistant");
    for (const id of NEWLINE) ids.push(id);
    return { tokens: ids.length, ids };
  }

  #encode(text: string): readonly number[] {
    const hit = this.#cache.get(text);
    if (hit) return hit;
    const ids = this.#tok.encode(text);
    this.#cache.set(text, ids);
    return ids;
  }
}
