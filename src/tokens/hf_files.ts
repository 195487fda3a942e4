/**
 * @module Reading a Hugging Face tokenizer from local files: `tokenizer.json`, `tokenizer_config.json`
 * and the chat template (from the config, `chat_template.jinja`/`.json` beside it, or a given file).
 */
import { UserError } from "../util/errors.ts";

/** A bad tokenizer setting is a bad config: exit 2. */
const BAD = { exitCode: 2 };

/** The files of one local tokenizer, parsed. */
export interface HfFiles {
  /** The path as given (folder or tokenizer.json). */
  path: string;
  tokenizerJson: Record<string, unknown>;
  /** tokenizer_config.json, or {} when there is none. */
  config: Record<string, unknown>;
  /** The chat template's source, or null when none was found. */
  chatTemplate: string | null;
  /** Where the template came from, e.g. `tokenizer_config.json`; null when none. */
  templateFrom: string | null;
}

/**
 * Reads the tokenizer at `path`: a folder holding `tokenizer.json`, or the `tokenizer.json` file
 * itself (its folder is searched for the rest). The chat template is, in order: the file
 * `templateFile` when given, `chat_template` of tokenizer_config.json (the "default" one of a
 * named list), `chat_template.jinja`, then `chat_template.json`.
 *
 * @throws {UserError} naming the file when one is missing or not valid JSON
 * @example
 * ```ts
 * const files = await readHfFiles("models/Qwen3-8B");
 * files.templateFrom; // "tokenizer_config.json"
 * ```
 */
export async function readHfFiles(path: string, templateFile?: string): Promise<HfFiles> {
  let dir = path;
  let tokenizerPath = `${path}/tokenizer.json`;
  const stat = await Deno.stat(path).catch(() => null);
  if (stat === null) {
    throw new UserError(`Cannot read tokenizer "hf:${path}": no such file or folder`, BAD);
  }
  if (stat.isFile) {
    tokenizerPath = path;
    dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) || "/" : ".";
  }
  const tokenizerJson = await readJson(tokenizerPath, true);
  const config = await readJson(`${dir}/tokenizer_config.json`, false) ?? {};
  let chatTemplate: string | null = null;
  let templateFrom: string | null = null;
  if (templateFile !== undefined) {
    chatTemplate = await Deno.readTextFile(templateFile).catch((cause) => {
      throw new UserError(`Cannot read chat template "${templateFile}": ${cause.message}`, {
        ...BAD,
        cause,
      });
    });
    templateFrom = templateFile;
  } else {
    const fromConfig = pickTemplate(config.chat_template);
    const jinja = fromConfig ??
      await Deno.readTextFile(`${dir}/chat_template.jinja`).catch(() => null);
    const json = jinja ??
      pickTemplate((await readJson(`${dir}/chat_template.json`, false))?.chat_template);
    chatTemplate = json;
    templateFrom = fromConfig !== null
      ? "tokenizer_config.json"
      : jinja !== null
      ? "chat_template.jinja"
      : json !== null
      ? "chat_template.json"
      : null;
  }
  return { path, tokenizerJson: tokenizerJson!, config, chatTemplate, templateFrom };
}

/** A template from a config value: a string, or the "default" (else first) of a named list. */
function pickTemplate(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const named = value as { name?: string; template?: string }[];
    const pick = named.find((t) => t.name === "default") ?? named[0];
    return typeof pick?.template === "string" ? pick.template : null;
  }
  return null;
}

async function readJson(file: string, required: boolean): Promise<Record<string, unknown> | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (cause) {
    if (!required && cause instanceof Deno.errors.NotFound) return null;
    throw new UserError(`Cannot read tokenizer file "${file}": ${(cause as Error).message}`, {
      ...BAD,
      cause,
    });
  }
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new Error("not a JSON object");
    }
    return value;
  } catch (cause) {
    throw new UserError(`Cannot read tokenizer file "${file}": ${(cause as Error).message}`, {
      ...BAD,
      cause,
    });
  }
}
