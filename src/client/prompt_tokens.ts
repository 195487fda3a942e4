/**
 * @module The sweep's prompt counting (`tokenizer: gpt | hf:<path> | server`): whole chat prompts
 * counted as the server renders them (src/tokens), and a message too long for the window cut to
 * fit, keeping its end.
 *
 * Every count happens before a request's clock starts (the conversation plans its prompt, then
 * the turn sends it), and each counter caches what it has counted (gpt and hf per message text
 * and section, server per message list), so a turn tokenizes only its new text.
 *
 * Cutting a message: a text tokenizer (gpt, hf) keeps the message's last k tokens, k from the
 * room the rest of the prompt leaves; `server` has no text tokenizer here, so the cut is by
 * characters in proportion. Either way the cut prompt is counted again and shortened until it
 * fits: boundary effects of a template or a tokenizer can never push it over the window.
 */
import { loadTokens, type LoadTokensOptions } from "../tokens/load.ts";
import type {
  ChatMessage,
  ChatTools,
  PreparedPrompt,
  PromptCounter,
  Tokenizer,
  TokenSource,
} from "../tokens/tokenizer.ts";
import { GptPromptCounter, GptTokenizer } from "../tokens/gpt.ts";

/** A prompt and the text of the message that was cut to make it fit. */
export interface CutPrompt {
  text: string;
  prompt: PreparedPrompt;
}

/** Text counted ahead of a sweep at most: well inside what the counters' caches hold. */
const WARM_CHARS = 4 * 2 ** 20;

/** Rounds of count-and-shorten before a cut gives up and sends the message empty. */
const MAX_CUT_ROUNDS = 40;

/**
 * The chosen prompt counter, with the cutting of a message that does not fit.
 *
 * @example
 * ```ts
 * const tokens = await loadPromptTokens("hf:models/qwen3", {});
 * (await tokens.prepare([{ role: "user", content: "hi" }])).tokens;
 * ```
 */
export class PromptTokens {
  /** The spec: `gpt`, `hf:<path>` or `server`. */
  readonly name: string;
  /** What records say in `token_source`. */
  readonly source: TokenSource;

  /**
   * @param counter counts whole prompts
   * @param tokenizer cuts text by tokens; null (server) cuts by characters
   */
  constructor(readonly counter: PromptCounter, readonly tokenizer: Tokenizer | null) {
    this.name = counter.name;
    this.source = counter.source;
  }

  /** How prompts are rendered (for the summary's provenance). */
  get rendering(): string {
    return this.counter.rendering;
  }

  /** Counts a prompt, with the request's tools where the server renders them (cached by the counter). */
  prepare(messages: readonly ChatMessage[], tools?: ChatTools): Promise<PreparedPrompt> {
    return this.counter.prepare(messages, tools);
  }

  /**
   * Counts the first turn of every session before the sweep starts (gpt and hf: text tokenizers
   * in this process; `server` counts on demand), so a run tokenizes only what the server answered
   * and its caches already hold the questions: each is a section of every later prompt. Stops
   * past `maxChars` of text, beyond which the caches would evict what they warmed.
   *
   * @returns the prompts counted
   */
  async warm(prompts: Iterable<ChatMessage[]>, maxChars = WARM_CHARS): Promise<number> {
    if (this.tokenizer === null) return 0;
    let chars = 0;
    let n = 0;
    for (const messages of prompts) {
      for (const m of messages) chars += m.content.length;
      if (chars > maxChars) break;
      await this.prepare(messages);
      n++;
    }
    return n;
  }

  /**
   * Cuts `text`, keeping its end, until the prompt `build(text)` has at most `budget` tokens.
   *
   * @param build the whole prompt around the message text
   * @param tools the request's tools (counted where the server renders them)
   * @returns the kept text ("" when even the empty message does not fit) and its prompt
   */
  async cutToFit(
    text: string,
    build: (text: string) => ChatMessage[],
    budget: number,
    tools?: ChatTools,
  ): Promise<CutPrompt> {
    const full = await this.prepare(build(text), tools);
    if (full.tokens <= budget) return { text, prompt: full };
    const empty = await this.prepare(build(""), tools);
    if (empty.tokens >= budget) return { text: "", prompt: empty };
    let room = budget - empty.tokens;
    const textTokens = Math.max(1, full.tokens - empty.tokens);
    let cut = this.tokenizer
      ? keepLastTokens(this.tokenizer, text, room)
      : keepLastChars(text, Math.floor(text.length * room / textTokens));
    for (let i = 0; i < MAX_CUT_ROUNDS && cut.length > 0; i++) {
      const prompt = await this.prepare(build(cut), tools);
      if (prompt.tokens <= budget) return { text: cut, prompt };
      const over = prompt.tokens - budget;
      if (this.tokenizer && room > over) {
        room -= over;
        const next = keepLastTokens(this.tokenizer, text, room);
        cut = next.length < cut.length ? next : keepLastChars(cut, cut.length - 1);
      } else {
        const perToken = cut.length / Math.max(1, prompt.tokens - empty.tokens);
        cut = keepLastChars(cut, cut.length - Math.max(1, Math.ceil(over * perToken)));
      }
    }
    return { text: "", prompt: empty };
  }
}

/** The end of `text` in at most `maxTokens` tokens of `tokenizer` (a split character dropped). */
function keepLastTokens(tokenizer: Tokenizer, text: string, maxTokens: number): string {
  const ids = tokenizer.encode(text);
  if (ids.length <= maxTokens) return text;
  if (maxTokens <= 0) return "";
  return tokenizer.decode(ids.slice(ids.length - maxTokens)).replace(/^\uFFFD+/, "");
}

/** The last `n` UTF-16 units of `text`, never starting inside a surrogate pair. */
function keepLastChars(text: string, n: number): string {
  if (n <= 0) return "";
  if (n >= text.length) return text;
  let start = text.length - n;
  const c = text.charCodeAt(start);
  if (c >= 0xdc00 && c <= 0xdfff) start++;
  return text.slice(start);
}

let gpt: PromptTokens | null = null;

/**
 * The default counting (`tokenizer: gpt`), one shared instance: gpt-tokenizer over the ChatML
 * framing the mock renders.
 */
export function gptPromptTokens(): PromptTokens {
  return gpt ??= new PromptTokens(new GptPromptCounter(), new GptTokenizer());
}

/**
 * Loads the counting a `tokenizer:` value names (files are read now: a bad path fails before any
 * request).
 *
 * @throws {UserError} (exit 2) on a bad spec, unreadable files, no chat template
 * @example
 * ```ts
 * const tokens = await loadPromptTokens("server", { endpoint, model, api: "llamacpp" });
 * ```
 */
export async function loadPromptTokens(
  spec: string,
  options: LoadTokensOptions,
): Promise<PromptTokens> {
  if (spec.trim() === "gpt") return gptPromptTokens();
  const { tokenizer, prompts } = await loadTokens(spec, options);
  return new PromptTokens(prompts, tokenizer);
}
