/**
 * @module The `server` prompt counter: the serving engine counts its own prompts.
 *
 * - vLLM: `POST /tokenize` with `{model, messages, add_generation_prompt: true}` answers
 *   `{count, max_model_len, tokens}`, the template applied as for a chat completion.
 * - llama.cpp: `POST /apply-template` with `{messages}` answers `{prompt}` (the template applied,
 *   a leading BOS text removed), then `POST /tokenize` with `{content, add_special: true}` answers
 *   `{tokens}`, as `usage.prompt_tokens` counts them (BOS added back).
 * llama.cpp's `/tokenize` ignores `messages` and answers `{tokens: []}`, so vLLM is recognised by
 * its `count` field, never by a 200 alone. The first prompt finds out which the server is; a
 * server with neither fails with one line. Results are cached per whole message list (the
 * server does the tokenizing; a retried or repeated prompt costs no call).
 */
import { UserError } from "../util/errors.ts";
import { TextCache } from "./text_cache.ts";
import type { ChatMessage, ChatTools, PreparedPrompt, PromptCounter } from "./tokenizer.ts";

/** What the server renders: the messages, and the request's tools when it has any. */
interface Chat {
  messages: readonly ChatMessage[];
  tools?: ChatTools;
}

/** Which counting API the server has. */
export type TokenizeApi = "vllm" | "llamacpp";

/** How to reach the server's counting endpoints. */
export interface ServerCounterOptions {
  /** Model name for vLLM's `/tokenize`. */
  model?: string;
  apiKey?: string;
  /** Skip detection when the server's kind is known (from its profile). */
  api?: TokenizeApi;
  /** Per call; default 30 s. */
  timeoutMs?: number;
}

/**
 * Asks the server to count each prompt (see the module comment).
 *
 * @example
 * ```ts
 * const counter = new ServerPromptCounter("http://127.0.0.1:8080", { model: "m" });
 * (await counter.prepare([{ role: "user", content: "hi" }])).tokens;
 * ```
 */
export class ServerPromptCounter implements PromptCounter {
  readonly name = "server";
  readonly source = "server" as const;
  readonly base: string;
  #api: TokenizeApi | null;
  #probe: Promise<PreparedPrompt> | null = null;
  /** The server's context window when it said (vLLM's `max_model_len`), else null. */
  contextWindow: number | null = null;
  readonly #options: ServerCounterOptions;
  readonly #cache = new TextCache<PreparedPrompt>(32 * 2 ** 20);

  /** @param base the server's origin, e.g. `http://127.0.0.1:8000` (a path is ignored) */
  constructor(base: string, options: ServerCounterOptions = {}) {
    this.base = new URL(base).origin;
    this.#options = options;
    this.#api = options.api ?? null;
  }

  /** Which API is in use, once known. */
  get api(): TokenizeApi | null {
    return this.#api;
  }

  get rendering(): string {
    return this.#api === "vllm"
      ? `vLLM POST ${this.base}/tokenize with the messages`
      : this.#api === "llamacpp"
      ? `llama.cpp POST ${this.base}/apply-template, then /tokenize`
      : `the server at ${this.base} (API not probed yet)`;
  }

  /** The prompt's ids and count, as the server computes them. */
  async prepare(messages: readonly ChatMessage[], tools?: ChatTools): Promise<PreparedPrompt> {
    const chat: Chat = tools?.length ? { messages, tools } : { messages };
    const key = JSON.stringify(chat);
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const prompt = await this.#count(chat);
    this.#cache.set(key, prompt);
    return prompt;
  }

  async #count(messages: Chat): Promise<PreparedPrompt> {
    if (this.#api === null) {
      // Prompts counted while the first one probes wait for it, then use what it found.
      if (this.#probe === null) return await (this.#probe = this.#detect(messages));
      await this.#probe;
    }
    return this.#api === "llamacpp" ? this.#llamacpp(messages, true) : this.#vllm(messages, true);
  }

  async #detect(messages: Chat): Promise<PreparedPrompt> {
    const viaLlama = await this.#llamacpp(messages, false);
    if (viaLlama) {
      this.#api = "llamacpp";
      return viaLlama;
    }
    const viaVllm = await this.#vllm(messages, false);
    if (viaVllm) {
      this.#api = "vllm";
      return viaVllm;
    }
    throw new UserError(
      `Cannot count tokens with the server at "${this.base}": it has neither vLLM's POST /tokenize ` +
        `with messages nor llama.cpp's POST /apply-template (choose another tokenizer)`,
      { exitCode: 2 },
    );
  }

  async #vllm(messages: Chat, known: true): Promise<PreparedPrompt>;
  async #vllm(messages: Chat, known: false): Promise<PreparedPrompt | null>;
  async #vllm(chat: Chat, known: boolean): Promise<PreparedPrompt | null> {
    const body = { model: this.#options.model, ...chat, add_generation_prompt: true };
    const res = await this.#post("/tokenize", body, known);
    if (res === null) return null;
    const { count, tokens, max_model_len } = res as {
      count?: unknown;
      tokens?: unknown;
      max_model_len?: unknown;
    };
    if (typeof count !== "number" || !isIds(tokens)) {
      if (!known) return null;
      throw this.#bad("/tokenize", "no count and tokens in the answer");
    }
    if (typeof max_model_len === "number") this.contextWindow = max_model_len;
    return { tokens: tokens.length, ids: tokens };
  }

  async #llamacpp(messages: Chat, known: true): Promise<PreparedPrompt>;
  async #llamacpp(messages: Chat, known: false): Promise<PreparedPrompt | null>;
  async #llamacpp(chat: Chat, known: boolean): Promise<PreparedPrompt | null> {
    const applied = await this.#post("/apply-template", chat, known);
    if (applied === null) return null;
    const prompt = (applied as { prompt?: unknown }).prompt;
    if (typeof prompt !== "string") {
      if (!known) return null;
      throw this.#bad("/apply-template", "no prompt in the answer");
    }
    const res = await this.#post("/tokenize", { content: prompt, add_special: true }, true);
    const tokens = (res as { tokens?: unknown }).tokens;
    if (!isIds(tokens)) throw this.#bad("/tokenize", "no token ids in the answer");
    return { tokens: tokens.length, ids: tokens };
  }

  /** POSTs JSON; while probing a 404/405 or a non-JSON answer is null; other failures throw one line. */
  async #post(path: string, body: unknown, known: boolean): Promise<unknown | null> {
    const url = this.base + path;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.#options.apiKey) headers.authorization = `Bearer ${this.#options.apiKey}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 30_000),
      });
    } catch (cause) {
      throw new UserError(`Cannot count tokens with "${url}": ${(cause as Error).message}`, {
        cause,
      });
    }
    const text = await res.text();
    if (!res.ok) {
      if (!known && (res.status === 404 || res.status === 405)) return null;
      throw this.#bad(path, `HTTP ${res.status} ${text.slice(0, 200).replace(/\s+/g, " ")}`);
    }
    try {
      return JSON.parse(text);
    } catch {
      if (!known) return null;
      throw this.#bad(path, "the answer is not JSON");
    }
  }

  #bad(path: string, detail: string): UserError {
    return new UserError(`Cannot count tokens with "${this.base}${path}": ${detail}`);
  }
}

function isIds(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === "number");
}
