/** @module Split a streamed JSON array into its top-level elements with a byte scanner. */
import { InputError } from "../util/errors.ts";
import { joinBytes, MAX_ELEMENT_BYTES } from "../io/bytes.ts";

/** One top-level element of a JSON array, as text, with where it starts. */
export interface ArrayElement {
  /** The element's JSON text (parse it with `JSON.parse`). */
  text: string;
  /** 0-based position in the array. */
  index: number;
  /** Byte offset of its first byte in the file. */
  offset: number;
  /** 1-based line of its first byte. */
  line: number;
}

const QUOTE = 0x22, BACKSLASH = 0x5c, NL = 0x0a, COMMA = 0x2c;
const OPEN_ARR = 0x5b, CLOSE_ARR = 0x5d, OPEN_OBJ = 0x7b, CLOSE_OBJ = 0x7d;

/** Where the scanner is, between and inside elements. */
const Phase = {
  Before: 0, // before "["
  FirstValue: 1, // after "[": a value or "]"
  Value: 2, // after ",": a value
  InValue: 3, // inside an object, array or string element
  InScalar: 4, // inside a number/true/false/null element
  AfterValue: 5, // after an element: "," or "]"
  Done: 6, // after the closing "]"
} as const;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NL || c === 0x0d || c === 0x09;
}

function shown(c: number): string {
  return c >= 0x20 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16)}`;
}

/**
 * Yields the top-level elements of the JSON array read from `chunks`, keeping at most one element
 * in memory. Structure is checked between elements; each element's own syntax is left to
 * `JSON.parse`.
 *
 * @param chunks the file's bytes (slices of yielded chunks are kept, so chunks must not be reused)
 * @param file path named in errors
 * @throws {InputError} `file:line: malformed JSON array at byte N: …` or `… truncated JSON array …`
 * @example
 * ```ts
 * for await (const el of splitJsonArray(readChunks("sg.json"), "sg.json")) JSON.parse(el.text);
 * ```
 */
export async function* splitJsonArray(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
): AsyncGenerator<ArrayElement> {
  const decoder = new TextDecoder();
  let phase: number = Phase.Before;
  let base = 0, line = 1, index = 0;
  let depth = 0, inString = false, escaped = false;
  let parts: Uint8Array[] = [], partBytes = 0;
  let startOffset = 0, startLine = 1;
  const fail = (at: number, what: string): never => {
    throw new InputError(file, line, `malformed JSON array at byte ${at}: ${what}`);
  };

  for await (const buf of chunks) {
    const n = buf.length;
    let start = 0; // start of the current element within buf
    let end = -1; // set when an element ends at buf[end - 1]
    for (let i = 0; i < n; i++) {
      if (phase === Phase.InValue) {
        if (inString) {
          if (escaped) {
            escaped = false;
            continue;
          }
          const q = buf.indexOf(QUOTE, i);
          if (q === -1) {
            let run = 0;
            for (let k = n - 1; k >= i && buf[k] === BACKSLASH; k--) run++;
            escaped = (run & 1) === 1;
            i = n;
            break;
          }
          let run = 0;
          for (let k = q - 1; k >= i && buf[k] === BACKSLASH; k--) run++;
          i = q;
          if ((run & 1) === 1) continue;
          inString = false;
          if (depth === 0) end = i + 1;
        } else {
          const c = buf[i];
          if (c === QUOTE) inString = true;
          else if (c === OPEN_OBJ || c === OPEN_ARR) depth++;
          else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
            if (--depth === 0) end = i + 1;
          } else if (c === NL) line++;
        }
        if (end === -1) continue;
      } else if (phase === Phase.InScalar) {
        const c = buf[i];
        if (!(isSpace(c) || c === COMMA || c === CLOSE_ARR)) continue;
        end = i--; // reread the delimiter in AfterValue
      } else {
        const c = buf[i];
        if (c === NL) line++;
        if (isSpace(c)) continue;
        const at = base + i;
        if (phase === Phase.Before) {
          if (c === OPEN_ARR) phase = Phase.FirstValue;
          else if (at === 0 && c === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i += 2;
          else fail(at, `expected "[" to open the array, found ${shown(c)}`);
        } else if (phase === Phase.AfterValue) {
          if (c === COMMA) phase = Phase.Value;
          else if (c === CLOSE_ARR) phase = Phase.Done;
          else fail(at, `expected "," or "]" after element ${index}, found ${shown(c)}`);
        } else if (phase === Phase.Done) {
          fail(at, `unexpected ${shown(c)} after the closing "]"`);
        } else if (c === CLOSE_ARR && phase === Phase.FirstValue) {
          phase = Phase.Done;
        } else if (c === CLOSE_ARR || c === COMMA) {
          fail(at, `expected element ${index + 1}, found ${shown(c)}`);
        } else {
          start = i;
          startOffset = at;
          startLine = line;
          if (c === OPEN_OBJ || c === OPEN_ARR) {
            phase = Phase.InValue;
            depth = 1;
          } else if (c === QUOTE) {
            phase = Phase.InValue;
            depth = 0;
            inString = true;
          } else phase = Phase.InScalar;
        }
        continue;
      }
      // An element ended just before `end`.
      let bytes = buf.subarray(start, end);
      if (parts.length > 0) {
        parts.push(bytes);
        bytes = joinBytes(parts);
        parts = [];
        partBytes = 0;
      }
      phase = Phase.AfterValue;
      end = -1;
      yield { text: decoder.decode(bytes), index: index++, offset: startOffset, line: startLine };
    }
    if (phase === Phase.InValue || phase === Phase.InScalar) {
      parts.push(buf.subarray(start));
      partBytes += n - start;
      if (partBytes > MAX_ELEMENT_BYTES) {
        throw new InputError(
          file,
          startLine,
          `array element ${index + 1} at byte ${startOffset} is larger than ${
            MAX_ELEMENT_BYTES >> 20
          } MiB`,
        );
      }
    }
    base += n;
  }

  if (phase === Phase.InScalar) {
    yield { text: decoder.decode(joinBytes(parts)), index: index++, offset: startOffset, line };
    phase = Phase.AfterValue;
  }
  if (phase === Phase.Done) return;
  if (phase === Phase.Before) {
    throw new InputError(file, line, "expected a JSON array, file is empty");
  }
  const inside = phase === Phase.InValue
    ? ` inside element ${index + 1}, which starts at byte ${startOffset} (line ${startLine})`
    : ` after ${index} element${index === 1 ? "" : "s"}`;
  throw new InputError(
    file,
    line,
    `truncated JSON array: file ends at byte ${base}${inside}, before the closing "]"`,
  );
}
