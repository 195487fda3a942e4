/**
 * @module The records of one ShareGPT file: a JSON array read by the byte scanner (conversations
 * come pre-read, see `sharegpt_scan.ts`; anything else is parsed), or JSONL lines, parsed.
 */
import { InputError } from "../util/errors.ts";
import { sniffShape } from "../io/chunks.ts";
import { scanJsonArrayFile } from "./json_array_file.ts";
import { readRecords, type ReadRecordsOptions } from "./records.ts";
import { conversationScanner, type ScannedConversation } from "./sharegpt_scan.ts";

/** One record: either read by the scanner (`scanned`) or parsed (`value`). */
export interface ShareGptRecord {
  /** 1-based line where the record starts. */
  line: number;
  /** 1-based record number in the file. */
  number: number;
  /** The conversation as the byte scanner read it. */
  scanned?: ScannedConversation;
  /** The parsed record, when the scanner passed it over (or the file is JSONL). */
  value?: unknown;
}

/** Shortens a `JSON.parse` message to its first line. */
function reason(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0];
}

/**
 * Yields the records of a ShareGPT file, in batches (one per read of a JSON array, one record
 * each for JSONL). An array element the scanner reads is yielded as `scanned` with no string
 * built for it; every other element, and every JSONL line, is parsed with `JSON.parse`, with the
 * errors `readRecords` gives. The views in `scanned` are valid only until the next batch is
 * asked for (the bytes are read into one reused window).
 *
 * @param path the file
 * @param options as for `readRecords`
 * @throws {InputError} `file:line: array element N is not valid JSON: …` (unless `skipInvalid`),
 *   and on a malformed or truncated array
 * @example
 * ```ts
 * for await (const batch of readShareGptRecords("sg.json")) for (const rec of batch) rec.scanned ?? rec.value;
 * ```
 */
export async function* readShareGptRecords(
  path: string,
  options: ReadRecordsOptions = {},
): AsyncGenerator<ShareGptRecord[]> {
  const shape = await sniffShape(path);
  if (shape !== "array") {
    for await (const rec of readRecords(path, options)) yield [rec];
    return;
  }
  const label = options.label ?? path;
  let number = 0;
  const elementBatches = scanJsonArrayFile(path, conversationScanner, {
    label,
    onBytes: options.onBytes,
    signal: options.signal,
  });
  for await (const elements of elementBatches) {
    const batch: ShareGptRecord[] = [];
    for (const el of elements) {
      number++;
      if (el.scanned !== undefined) {
        batch.push({ line: el.line, number, scanned: el.scanned });
        continue;
      }
      try {
        batch.push({ line: el.line, number, value: JSON.parse(el.text) });
      } catch (error) {
        const what = `array element ${number} is not valid JSON: ${reason(error)}`;
        const bad = new InputError(label, el.line, what, { cause: error });
        if (!options.skipInvalid) {
          if (batch.length > 0) yield batch;
          throw bad;
        }
        options.onSkip?.(bad);
      }
    }
    yield batch;
  }
}
