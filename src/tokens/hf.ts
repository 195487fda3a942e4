/**
 * @module The `hf:<path>` tokenizer: a Hugging Face tokenizer from local files, and a prompt counter
 * that renders the chat template and counts the prompt the way the server will.
 *
 * How a prompt is counted, and why per-message rendering is not used: chat templates do not
 * compose message by message. LLaMA-2's folds the system prompt into the first user message;
 * Qwen3's renders the last assistant turn differently from earlier ones (`<think>` blocks), so
 * the text of a message depends on what follows it. What does compose is tokenization at added
 * (special) tokens: the tokenizer splits them off before anything else, so the whole prompt's
 * ids are the concatenation of each section's ids. So every turn renders the whole prompt (a
 * cheap string build), splits it at special tokens, and looks each section up in a cache; only
 * new sections are tokenized, and inside them only new words (see hf_encoder.ts). The count is
 * the whole prompt's, exactly, with no composition rule that a template could break.
 */
import { Template } from "@huggingface/jinja";
import { UserError } from "../util/errors.ts";
import { HfEncoder } from "./hf_encoder.ts";
import type { HfFiles } from "./hf_files.ts";
import type {
  ChatMessage,
  ChatTools,
  PreparedPrompt,
  PromptCounter,
  Tokenizer,
} from "./tokenizer.ts";

/**
 * A Hugging Face tokenizer (tokenizer.json) in pure JS, cached by section and word.
 *
 * @example
 * ```ts
 * const tok = new HfTokenizer(await readHfFiles("models/qwen3"));
 * tok.count("Hello world"); // 2
 * ```
 */
export class HfTokenizer implements Tokenizer {
  readonly name: string;
  /** The encoder (with its caches); shared with the prompt counter. */
  readonly encoder: HfEncoder;
  readonly files: HfFiles;

  constructor(files: HfFiles) {
    this.name = `hf:${files.path}`;
    this.files = files;
    try {
      this.encoder = new HfEncoder(files.tokenizerJson, files.config);
    } catch (cause) {
      throw new UserError(
        `Cannot load tokenizer "${this.name}": ${(cause as Error).message}`,
        { cause, exitCode: 2 },
      );
    }
  }

  /** Token ids of `text`, no special tokens added (special-token text in it is parsed). */
  encode(text: string): number[] {
    return this.encoder.encode(text);
  }

  /** The text of `ids`. */
  decode(ids: readonly number[]): string {
    return ids.length === 0 ? "" : this.encoder.library.decode(ids as number[]);
  }

  /** Token count of `text`. */
  count(text: string): number {
    return this.encoder.count(text);
  }
}

/** How the hf prompt counter renders and counts. */
export interface HfPromptOptions {
  /** Extra template variables (e.g. `{ enable_thinking: false }`). */
  templateVars?: Record<string, unknown>;
  /**
   * Put the BOS token first when the rendered prompt does not start with it and the tokenizer
   * adds one (`add_bos_token`): llama.cpp tokenizes with its special tokens on, vLLM does not.
   */
  ensureBos?: boolean;
}

/**
 * Counts a chat prompt as the server renders it: the model's chat template with
 * `add_generation_prompt`, tokenized without added special tokens (as vLLM and `transformers`
 * do), cached by section (see the module comment).
 *
 * @example
 * ```ts
 * const counter = new HfPromptCounter(new HfTokenizer(files));
 * (await counter.prepare([{ role: "user", content: "hi" }])).tokens;
 * ```
 */
export class HfPromptCounter implements PromptCounter {
  readonly name: string;
  readonly source = "hf" as const;
  readonly rendering: string;
  readonly #tok: HfTokenizer;
  readonly #template: Template;
  readonly #vars: Record<string, unknown>;
  readonly #bos: number | null;

  /** @throws {UserError} when there is no chat template or it does not parse */
  constructor(tok: HfTokenizer, options: HfPromptOptions = {}) {
    this.#tok = tok;
    this.name = tok.name;
    const { chatTemplate, templateFrom, config } = tok.files;
    if (chatTemplate === null) {
      throw new UserError(
        `Cannot count prompts with "${tok.name}": it has no chat template (give a template file)`,
        { exitCode: 2 },
      );
    }
    try {
      this.#template = new Template(chatTemplate);
    } catch (cause) {
      throw new UserError(
        `Cannot read the chat template of "${tok.name}" (${templateFrom}): ${
          (cause as Error).message
        }`,
        { cause, exitCode: 2 },
      );
    }
    this.rendering = `chat template from ${templateFrom}`;
    this.#vars = { ...specialTokens(config), ...options.templateVars, add_generation_prompt: true };
    const bos = tokenText(config.bos_token);
    this.#bos = options.ensureBos && config.add_bos_token === true && bos !== null
      ? tok.encoder.library.token_to_id(bos) ?? null
      : null;
  }

  /**
   * The rendered prompt text of `messages` (template applied, generation prompt added), with
   * `tools` given to the template as the server gives it a request's tools.
   */
  render(messages: readonly ChatMessage[], tools?: ChatTools): string {
    try {
      return this.#template.render({
        ...this.#vars,
        messages: messages.map(withParsedArguments),
        ...(tools?.length ? { tools } : {}),
      });
    } catch (cause) {
      throw new UserError(
        `Cannot render the chat template of "${this.name}": ${(cause as Error).message}`,
        { cause },
      );
    }
  }

  /** The prompt's ids and count. */
  prepare(messages: readonly ChatMessage[], tools?: ChatTools): Promise<PreparedPrompt> {
    try {
      return Promise.resolve(this.prepareSync(messages, tools));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `prepare`, synchronously. */
  prepareSync(messages: readonly ChatMessage[], tools?: ChatTools): PreparedPrompt {
    const ids = this.#tok.encode(this.render(messages, tools));
    if (this.#bos !== null && ids[0] !== this.#bos) ids.unshift(this.#bos);
    return { tokens: ids.length, ids };
  }
}

/**
 * A message as servers hand it to the template: a tool call's JSON `arguments` string parsed into
 * its object (llama.cpp and vLLM both do, so a template's `arguments | tojson` re-serializes it
 * with its own spacing); arguments that are not a JSON object stay the string they are.
 */
function withParsedArguments(m: ChatMessage): ChatMessage | Record<string, unknown> {
  if (!m.tool_calls?.length) return m;
  return {
    ...m,
    tool_calls: m.tool_calls.map((c) => {
      let args: unknown = c.function.arguments;
      try {
        const parsed = JSON.parse(c.function.arguments);
        if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) args = parsed;
      } catch { /* not JSON: rendered as the string */ }
      return { ...c, function: { ...c.function, arguments: args } };
    }),
  };
}

/** The special-token strings a template may use, from tokenizer_config.json. */
function specialTokens(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (
    const key of [
      "bos_token",
      "eos_token",
      "unk_token",
      "pad_token",
      "sep_token",
      "cls_token",
      "mask_token",
    ]
  ) {
    const text = tokenText(config[key]);
    if (text !== null) out[key] = text;
  }
  if (Array.isArray(config.additional_special_tokens)) {
    out.additional_special_tokens = config.additional_special_tokens.map(tokenText);
  }
  return out;
}

/** A token given as a string or as an AddedToken object (`{"content": …}`). */
function tokenText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (
    value && typeof value === "object" &&
    typeof (value as { content?: unknown }).content === "string"
  ) {
    return (value as { content: string }).content;
  }
  return null;
}
