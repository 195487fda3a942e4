/** @module Read a JSON Lines file one parsed line at a time, streamed, never holding the file whole. */
import { InputError } from "../util/errors.ts";
import { readChunks } from "./chunks.ts";
import { splitLines, type TextLine } from "./lines.ts";

/** One parsed line of a JSON Lines file. */
export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  /** 1-based number of the record among the file's non-blank lines. */
  number: number;
  value: unknown;
}

/** Options for {@linkcode readJsonLines}. */
export interface ReadJsonLinesOptions {
  /** Path shown in errors (defaults to the path read). */
  label?: string;
  /** Called with the byte count of each chunk read. */
  onBytes?(n: number): void;
  /** Stops reading (the generator throws the abort reason). */
  signal?: AbortSignal;
  /** Report unparsable lines to `onSkip` instead of throwing. */
  skipInvalid?: boolean;
  /** Receives each line skipped under `skipInvalid`. */
  onSkip?(error: InputError): void;
  /**
   * Called instead of throwing when the last non-blank line is not valid JSON, as a writer killed
   * mid-line leaves it; the line is skipped.
   */
  onCutLastLine?(line: number): void;
  /** What to call a bad record, by its number (default `not valid JSON`). */
  invalid?(number: number): string;
}

/** Shortens a `JSON.parse` message to its first line. */
function reason(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0];
}

/**
 * Parses JSON Lines one line at a time: blank lines are passed over, the others numbered, a bad
 * one thrown (or skipped) as `file:line: not valid JSON: …`. {@linkcode readJsonLines} is built
 * on it; a reader with its own line loop (datasets' `readRecords`) uses it directly, so each line
 * costs no extra generator step.
 *
 * @example
 * ```ts
 * const parser = new JsonLineParser("a.jsonl");
 * for await (const l of splitLines(readChunks("a.jsonl"), "a.jsonl")) {
 *   const parsed = parser.parse(l);
 *   if (parsed) console.log(parsed.number, parsed.value);
 * }
 * ```
 */
export class JsonLineParser {
  #number = 0;

  /**
   * @param label path shown in errors
   * @param opts `skipInvalid`/`onSkip` and the wording of a bad record (`invalid`)
   */
  constructor(
    readonly label: string,
    readonly opts: Pick<ReadJsonLinesOptions, "skipInvalid" | "onSkip" | "invalid"> = {},
  ) {}

  /**
   * Parses one line.
   *
   * @param onBad called instead of throwing or skipping when the line is not JSON
   * @returns the record, or null for a blank line or one that was skipped
   * @throws {InputError} for a bad line, unless `skipInvalid` or `onBad`
   */
  parse(l: TextLine, onBad?: (line: number) => void): JsonLine | null {
    if (l.text.trim() === "") return null;
    const number = ++this.#number;
    try {
      return { line: l.line, number, value: JSON.parse(l.text) };
    } catch (error) {
      if (onBad) {
        onBad(l.line);
        return null;
      }
      const what = this.opts.invalid?.(number) ?? "not valid JSON";
      const bad = new InputError(this.label, l.line, `${what}: ${reason(error)}`, { cause: error });
      if (!this.opts.skipInvalid) throw bad;
      this.opts.onSkip?.(bad);
      return null;
    }
  }
}

/**
 * Yields each non-blank line of a JSON Lines file, parsed, reading the file as a stream.
 *
 * @param path file to read
 * @throws {InputError} `file:line: not valid JSON: …` on a line that is not JSON (unless
 *   `skipInvalid`, or it is the cut-off last line and `onCutLastLine` is given)
 * @example
 * ```ts
 * for await (const { line, value } of readJsonLines("records.jsonl")) console.log(line, value);
 * ```
 */
export async function* readJsonLines(
  path: string,
  opts: ReadJsonLinesOptions = {},
): AsyncGenerator<JsonLine> {
  const label = opts.label ?? path;
  const parser = new JsonLineParser(label, opts);
  const lines = splitLines(readChunks(path, { onBytes: opts.onBytes, signal: opts.signal }), label);
  if (!opts.onCutLastLine) {
    for await (const l of lines) {
      const parsed = parser.parse(l);
      if (parsed) yield parsed;
    }
    return;
  }
  // One non-blank line is held back, so the last one is known when it is parsed.
  let held: TextLine | null = null;
  for await (const l of lines) {
    if (l.text.trim() === "") continue;
    if (held) {
      const parsed = parser.parse(held);
      if (parsed) yield parsed;
    }
    held = l;
  }
  if (held) {
    const last = parser.parse(held, opts.onCutLastLine);
    if (last) yield last;
  }
}
