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
  let number = 0;
  /** The parsed line, or null when it was skipped or cut. */
  const parse = ({ text, line }: TextLine, n: number, last: boolean): JsonLine | null => {
    try {
      return { line, number: n, value: JSON.parse(text) };
    } catch (error) {
      if (last && opts.onCutLastLine) {
        opts.onCutLastLine(line);
        return null;
      }
      const what = opts.invalid?.(n) ?? "not valid JSON";
      const bad = new InputError(label, line, `${what}: ${reason(error)}`, { cause: error });
      if (!opts.skipInvalid) throw bad;
      opts.onSkip?.(bad);
      return null;
    }
  };
  const lines = splitLines(readChunks(path, { onBytes: opts.onBytes, signal: opts.signal }), label);
  if (!opts.onCutLastLine) {
    for await (const l of lines) {
      if (l.text.trim() === "") continue;
      const parsed = parse(l, ++number, false);
      if (parsed) yield parsed;
    }
    return;
  }
  // One line is held back, so the last non-blank line is known when it is parsed.
  let held: TextLine | null = null;
  for await (const l of lines) {
    if (l.text.trim() === "") continue;
    if (held) {
      const parsed = parse(held, number, false);
      if (parsed) yield parsed;
    }
    held = l;
    number++;
  }
  if (held) {
    const last = parse(held, number, true);
    if (last) yield last;
  }
}
