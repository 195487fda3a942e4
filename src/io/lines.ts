/**
 * @module Split text into lines: streamed bytes (numbered, never holding more than one line) or a
 * string. Both follow one rule: a line ends at `\n`, and one `\r` before it is dropped (CRLF).
 */
import { InputError } from "../util/errors.ts";
import { joinBytes, MAX_ELEMENT_BYTES } from "./bytes.ts";

/** One line of a text file, without its line break. */
export interface TextLine {
  text: string;
  /** 1-based line number. */
  line: number;
}

/**
 * Yields every line of the byte stream (a final line without a newline included; `\r\n` handled).
 *
 * @param chunks the file's bytes (chunks must not be reused by the producer)
 * @param file path named in errors
 * @throws {InputError} when one line is larger than {@linkcode MAX_ELEMENT_BYTES}
 * @example
 * ```ts
 * for await (const { text, line } of splitLines(readChunks("a.jsonl"), "a.jsonl")) {}
 * ```
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
): AsyncGenerator<TextLine> {
  const decoder = new TextDecoder();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let line = 0;
  const text = (bytes: Uint8Array) => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d
      ? bytes.length - 1
      : bytes.length;
    return decoder.decode(bytes.subarray(0, end));
  };
  for await (const buf of chunks) {
    let start = 0;
    while (true) {
      const nl = buf.indexOf(0x0a, start);
      if (nl === -1) break;
      let bytes = buf.subarray(start, nl);
      if (pending.length > 0) {
        pending.push(bytes);
        bytes = joinBytes(pending);
        pending = [];
        pendingBytes = 0;
      }
      yield { text: text(bytes), line: ++line };
      start = nl + 1;
    }
    if (start < buf.length) {
      pending.push(buf.subarray(start));
      pendingBytes += buf.length - start;
      if (pendingBytes > MAX_ELEMENT_BYTES) {
        throw new InputError(file, line + 1, `line is larger than ${MAX_ELEMENT_BYTES >> 20} MiB`);
      }
    }
  }
  if (pending.length > 0) yield { text: text(joinBytes(pending)), line: ++line };
}

/**
 * Yields every line of a string, by the same rule as {@linkcode splitLines} (`\r\n` handled; text
 * after the last `\n` is a last line, so a final newline adds no empty line).
 *
 * @example
 * ```ts
 * [...splitTextLines("a\r\nb")]; // ["a", "b"]
 * ```
 */
export function* splitTextLines(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    yield text.slice(start, end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
    start = end + 1;
  }
}
