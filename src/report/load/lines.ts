/** @module Streams a JSON Lines file one parsed line at a time, never holding the file whole. */
import { readChunks } from "../../datasets/chunks.ts";
import { splitLines, type TextLine } from "../../datasets/lines.ts";
import { InputError } from "../../util/errors.ts";

/** One parsed line of a JSON Lines file. */
export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: unknown;
}

/** Options for {@link readJsonLines}. */
export interface ReadJsonLinesOptions {
  /**
   * Called instead of throwing when the last line is not valid JSON, as a writer killed
   * mid-line leaves it; the line is skipped.
   */
  onCutLastLine?(line: number): void;
}

/**
 * Yields each non-blank line of a JSON Lines file, parsed, reading the file as a stream.
 *
 * @param path file to read
 * @throws {InputError} `file:line: …` on a line that is not JSON (except a cut-off last line)
 * @example
 * ```ts
 * for await (const { line, value } of readJsonLines("records.jsonl")) console.log(line, value);
 * ```
 */
export async function* readJsonLines(
  path: string,
  opts: ReadJsonLinesOptions = {},
): AsyncGenerator<JsonLine> {
  const parse = ({ text, line }: TextLine, last: boolean): JsonLine | null => {
    try {
      return { line, value: JSON.parse(text) };
    } catch (error) {
      if (last && opts.onCutLastLine) {
        opts.onCutLastLine(line);
        return null;
      }
      throw new InputError(path, line, `Cannot parse line: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  // One line is held back, so the last non-blank line is known when it is parsed.
  let held: TextLine | null = null;
  for await (const l of splitLines(readChunks(path), path)) {
    if (l.text.trim() === "") continue;
    if (held) yield parse(held, false)!;
    held = l;
  }
  if (held) {
    const last = parse(held, true);
    if (last) yield last;
  }
}
