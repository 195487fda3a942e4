/** @module From a `tokenizer:` / `--tokenizer` value (`gpt`, `hf:<path>`, `server`) to a tokenizer and a prompt counter. */
import { UserError } from "../util/errors.ts";
import { GptPromptCounter, GptTokenizer } from "./gpt.ts";
import { HfPromptCounter, HfTokenizer } from "./hf.ts";
import { readHfFiles } from "./hf_files.ts";
import { ServerPromptCounter, type TokenizeApi } from "./server.ts";
import type { PromptCounter, Tokenizer } from "./tokenizer.ts";

/** A parsed tokenizer spec. */
export type TokenizerSpec =
  | { kind: "gpt" }
  | { kind: "hf"; path: string }
  | { kind: "server" };

/**
 * Parses a tokenizer spec.
 *
 * @throws {UserError} (exit 2) when it is none of `gpt`, `hf:<path>`, `server`
 * @example
 * ```ts
 * parseTokenizerSpec("hf:models/qwen3"); // { kind: "hf", path: "models/qwen3" }
 * ```
 */
export function parseTokenizerSpec(spec: string): TokenizerSpec {
  const s = spec.trim();
  if (s === "gpt" || s === "server") return { kind: s };
  if (s.startsWith("hf:") && s.length > 3) return { kind: "hf", path: s.slice(3) };
  throw new UserError(
    `Cannot use tokenizer "${spec}": expected "gpt", "hf:<path>" or "server"`,
    { exitCode: 2 },
  );
}

/** What loading needs besides the spec. */
export interface LoadTokensOptions {
  /** Chat template file for `hf:` (when tokenizer_config.json has none, or to override it). */
  chatTemplate?: string;
  /** Extra chat template variables for `hf:`. */
  templateVars?: Record<string, unknown>;
  /** `hf:`: put BOS first as llama.cpp does (see HfPromptOptions.ensureBos). */
  ensureBos?: boolean;
  /** The chat completions URL (its origin serves `server`'s counting endpoints). */
  endpoint?: string;
  model?: string;
  apiKey?: string;
  /** `server`: the counting API when the server profile knows it. */
  api?: TokenizeApi;
}

/** A loaded tokenizer choice. */
export interface LoadedTokens {
  /** For text (cutting one message to size); null for `server`, which only counts prompts. */
  tokenizer: Tokenizer | null;
  prompts: PromptCounter;
}

/**
 * Loads the tokenizer and prompt counter a spec names. Files are read now, so a bad path or a
 * missing chat template fails before any request.
 *
 * @throws {UserError} (exit 2) on a bad spec, unreadable files, no chat template, no endpoint
 * @example
 * ```ts
 * const { prompts } = await loadTokens("hf:models/qwen3");
 * (await prompts.prepare([{ role: "user", content: "hi" }])).tokens;
 * ```
 */
export async function loadTokens(
  spec: string,
  options: LoadTokensOptions = {},
): Promise<LoadedTokens> {
  const parsed = parseTokenizerSpec(spec);
  switch (parsed.kind) {
    case "gpt":
      return { tokenizer: new GptTokenizer(), prompts: new GptPromptCounter() };
    case "hf": {
      const tok = new HfTokenizer(await readHfFiles(parsed.path, options.chatTemplate));
      const prompts = new HfPromptCounter(tok, {
        templateVars: options.templateVars,
        ensureBos: options.ensureBos,
      });
      return { tokenizer: tok, prompts };
    }
    case "server": {
      if (!options.endpoint || !URL.canParse(options.endpoint)) {
        throw new UserError(`Cannot use tokenizer "server": no server endpoint given`, {
          exitCode: 2,
        });
      }
      const prompts = new ServerPromptCounter(options.endpoint, {
        model: options.model,
        apiKey: options.apiKey,
        api: options.api,
      });
      return { tokenizer: null, prompts };
    }
  }
}
