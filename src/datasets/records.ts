/** @module Read the records of a JSON-array or JSONL data file (told apart by its first byte), streamed. */
import { InputError } from "../util/errors.ts";
import { readChunks, sniffShape } from "../io/chunks.ts";
import { JsonLineParser } from "../io/jsonl.ts";
import { splitLines } from "../io/lines.ts";
import { splitJsonArray } from "./json_array.ts";

/** One parsed record of a data file. */
export interface DataRecord {
  /** The parsed JSON value. */
  value: unknown;
  /** 1-based line where the record starts. */
  line: number;
  /** 1-based record number in the file (array element or non-blank line). */
  number: number;
  /** Whether the record is an element of a JSON array (else a JSONL line). */
  inArray: boolean;
}

/** Options for {@linkcode readRecords}. */
export interface ReadRecordsOptions {
  /** Path shown in errors (defaults to the path read). */
  label?: string;
  /** Report unparsable records to `onSkip` instead of throwing. */
  skipInvalid?: boolean;
  /** Receives each record skipped under `skipInvalid`. */
  onSkip?(error: InputError): void;
  /** Called with the byte count of each chunk read. */
  onBytes?(n: number): void;
  signal?: AbortSignal;
}

/** Shortens a `JSON.parse` message to its first line. */
function reason(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0];
}

/**
 * Yields the records of a JSON-array or JSONL file; blank JSONL lines are passed over.
 *
 * @param path the file
 * @throws {InputError} `file:line: not valid JSON: …` for a bad record (unless `skipInvalid`), and
 *   for a malformed or truncated array (always)
 * @example
 * ```ts
 * for await (const rec of readRecords("data/sg.json")) console.log(rec.line, rec.value);
 * ```
 */
export async function* readRecords(
  path: string,
  options: ReadRecordsOptions = {},
): AsyncGenerator<DataRecord> {
  const label = options.label ?? path;
  const shape = await sniffShape(path);
  if (shape === "empty") return;
  const chunks = readChunks(path, { onBytes: options.onBytes, signal: options.signal });
  if (shape === "lines") {
    const parser = new JsonLineParser(label, {
      ...options,
      invalid: (number) =>
        number === 1 && /\.json$/i.test(path)
          ? `not a JSON array (no leading "["), and line 1 is not a JSON Lines record`
          : "not valid JSON",
    });
    for await (const l of splitLines(chunks, label)) {
      const parsed = parser.parse(l);
      if (parsed) {
        yield { value: parsed.value, line: parsed.line, number: parsed.number, inArray: false };
      }
    }
    return;
  }
  let number = 0;
  for await (const item of splitJsonArray(chunks, label)) {
    number++;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch (error) {
      const what = `array element ${number} is not valid JSON`;
      const bad = new InputError(label, item.line, `${what}: ${reason(error)}`, { cause: error });
      if (!options.skipInvalid) throw bad;
      options.onSkip?.(bad);
      continue;
    }
    yield { value, line: item.line, number, inArray: true };
  }
}
