/**
 * @module Split a streamed JSON array into its top-level elements with a byte scanner.
 *
 * The array's own punctuation (`[`, `,`, `]`, whitespace) is read byte by byte here; each element
 * is handed to an element scanner that returns where it ends. The default scanner only matches
 * brackets and quotes ({@linkcode matchElement}); a caller may pass its own (the ShareGPT converter
 * passes one that validates and extracts in the same pass, see `sharegpt_scan.ts`), so a big file
 * is read once and no element is decoded to a string unless someone asks for its `text`.
 *
 * An element cut by a chunk boundary is scanned again from its start once more bytes have come;
 * the next attempt waits for twice the bytes of the last one, so a huge element costs O(size).
 */
import { InputError } from "../util/errors.ts";
import { joinBytes, MAX_ELEMENT_BYTES } from "../io/bytes.ts";

/** One top-level element of a JSON array, as bytes (and text on demand), with where it starts. */
export interface ArrayElement {
  /** The element's bytes (a view into the read buffer). */
  readonly bytes: Uint8Array;
  /** The element's JSON text (parse it with `JSON.parse`), decoded when first read. */
  readonly text: string;
  /** 0-based position in the array. */
  readonly index: number;
  /** Byte offset of its first byte in the file. */
  readonly offset: number;
  /** 1-based line of its first byte. */
  readonly line: number;
}

/** An element with what a custom scanner extracted from it (`undefined` when it passed). */
export interface ScannedElement<T> extends ArrayElement {
  readonly scanned: T | undefined;
}

/** Returned by a scanner when the element runs past the bytes it was given. */
export const INCOMPLETE = -1;
/** Returned by a custom scanner that will not handle this element (the default one then does). */
export const PASS = -2;

/** What a scanner reports besides the end: newlines outside strings, and its extraction. */
export interface ScanOut<T> {
  newlines: number;
  value: T | undefined;
}

/**
 * Scans the element whose first byte is `data[start]`.
 *
 * @returns the index just past its end, {@linkcode INCOMPLETE}, or {@linkcode PASS}
 */
export type ElementScanner<T> = (data: Uint8Array, start: number, out: ScanOut<T>) => number;

const QUOTE = 0x22, BACKSLASH = 0x5c, NL = 0x0a, COMMA = 0x2c;
const OPEN_ARR = 0x5b, CLOSE_ARR = 0x5d, OPEN_OBJ = 0x7b, CLOSE_OBJ = 0x7d;

/** Where the scanner is between elements. */
const Phase = {
  Before: 0, // before "["
  FirstValue: 1, // after "[": a value or "]"
  Value: 2, // after ",": a value
  AfterValue: 3, // after an element: "," or "]"
  Done: 4, // after the closing "]"
} as const;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NL || c === 0x0d || c === 0x09;
}

function shown(c: number): string {
  return c >= 0x20 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16)}`;
}

/**
 * The default element scanner: matches quotes (minding backslashes) and brackets without checking
 * anything else; each element's own syntax is left to `JSON.parse`. A scalar ends before the first
 * whitespace, `,` or `]`. On {@linkcode INCOMPLETE}, `out.newlines` counts the lines seen so far.
 */
export function matchElement(data: Uint8Array, start: number, out: ScanOut<unknown>): number {
  const n = data.length;
  let newlines = 0;
  out.value = undefined;
  const first = data[start];
  if (first !== OPEN_OBJ && first !== OPEN_ARR && first !== QUOTE) {
    for (let i = start + 1; i < n; i++) {
      const c = data[i];
      if (isSpace(c) || c === COMMA || c === CLOSE_ARR) {
        out.newlines = 0;
        return i;
      }
    }
    out.newlines = 0;
    return INCOMPLETE;
  }
  let depth = 0;
  for (let i = start; i < n; i++) {
    const c = data[i];
    if (c === QUOTE) {
      // Find the closing quote: one not preceded by an odd run of backslashes.
      let q = i;
      while (true) {
        q = data.indexOf(QUOTE, q + 1);
        if (q === -1) {
          out.newlines = newlines;
          return INCOMPLETE;
        }
        let run = 0;
        for (let k = q - 1; data[k] === BACKSLASH; k--) run++;
        if ((run & 1) === 0) break;
      }
      i = q;
      if (depth === 0) {
        out.newlines = newlines;
        return i + 1;
      }
    } else if (c === OPEN_OBJ || c === OPEN_ARR) depth++;
    else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
      if (--depth === 0) {
        out.newlines = newlines;
        return i + 1;
      }
    } else if (c === NL) newlines++;
  }
  out.newlines = newlines;
  return INCOMPLETE;
}

class Element<T> implements ScannedElement<T> {
  static readonly decoder = new TextDecoder();
  #text: string | undefined;
  constructor(
    readonly bytes: Uint8Array,
    readonly index: number,
    readonly offset: number,
    readonly line: number,
    readonly scanned: T | undefined,
  ) {}
  get text(): string {
    return this.#text ??= Element.decoder.decode(this.bytes);
  }
}

/**
 * Yields the top-level elements of the JSON array read from `chunks`, keeping at most one element
 * (and the chunk it sits in) in memory. Structure is checked between elements; each element's own
 * syntax is left to `JSON.parse`.
 *
 * @param chunks the file's bytes (views of yielded chunks are kept, so chunks must not be reused)
 * @param file path named in errors
 * @throws {InputError} `file:line: malformed JSON array at byte N: …` or `… truncated JSON array …`
 * @example
 * ```ts
 * for await (const el of splitJsonArray(readChunks("sg.json"), "sg.json")) JSON.parse(el.text);
 * ```
 */
export function splitJsonArray(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
): AsyncGenerator<ArrayElement> {
  return scanJsonArray(chunks, file, matchElement as ElementScanner<never>);
}

/**
 * {@linkcode splitJsonArray} with a custom element scanner: each element is offered to `scan`
 * first; where it returns {@linkcode PASS}, {@linkcode matchElement} finds the end and `scanned`
 * is `undefined`.
 *
 * @param chunks the file's bytes
 * @param file path named in errors
 * @param scan scans one element, reporting its end and what it extracted
 * @throws {InputError} as {@linkcode splitJsonArray}
 */
export async function* scanJsonArray<T>(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  scan: ElementScanner<T>,
): AsyncGenerator<ScannedElement<T>> {
  for await (const batch of scanJsonArrayBatches(chunks, file, scan)) yield* batch;
}

/**
 * {@linkcode scanJsonArray} yielding the elements in batches (those that end in one read), so a
 * fast consumer pays for one async step per chunk instead of one per element.
 */
export async function* scanJsonArrayBatches<T>(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  scan: ElementScanner<T>,
): AsyncGenerator<ScannedElement<T>[]> {
  const scanner = new ArrayScanner(file, scan);
  let parts: Uint8Array[] = [], partBytes = 0;
  for await (const buf of chunks) {
    const cut = scanner.cut;
    let data = buf;
    if (cut !== undefined) {
      if (parts.length === 0) [parts, partBytes] = [[cut], cut.length];
      parts.push(buf);
      partBytes += buf.length;
      scanner.checkSize(partBytes);
      if (partBytes < scanner.need) continue;
      data = joinBytes(parts);
      parts = [];
    }
    yield* scanner.batches(data, false);
  }
  const cut = scanner.cut;
  if (cut !== undefined) yield* scanner.batches(parts.length > 0 ? joinBytes(parts) : cut, true);
  scanner.finish();
}

/**
 * The state of one array being scanned, fed with bytes as they come: the array's punctuation
 * between elements, and the element cut at the end of the last bytes. Shared by the drivers that
 * read chunks ({@linkcode scanJsonArrayBatches}) and a file into a window (`json_array_file.ts`).
 */
export class ArrayScanner<T> {
  #phase: number = Phase.Before;
  #base = 0; // file offset of data[0]
  #line = 1;
  #index = 0;
  #cutLine = 1;
  #out: ScanOut<T> = { newlines: 0, value: undefined };
  /** The element cut at the end of the last bytes fed (a view into them), if any. */
  cut: Uint8Array | undefined;
  /** Bytes the next feed should hold, from the cut element's start, to be worth scanning. */
  need = 0;

  constructor(readonly file: string, readonly scan: ElementScanner<T>) {}

  #fail(at: number, what: string): never {
    throw new InputError(this.file, this.#line, `malformed JSON array at byte ${at}: ${what}`);
  }

  /**
   * Refuses an element grown past {@linkcode MAX_ELEMENT_BYTES}.
   *
   * @param bytes how many bytes the cut element has reached
   */
  checkSize(bytes: number): void {
    if (bytes <= MAX_ELEMENT_BYTES) return;
    throw new InputError(
      this.file,
      this.#cutLine,
      `array element ${this.#index + 1} at byte ${this.#base} is larger than ${
        MAX_ELEMENT_BYTES >> 20
      } MiB`,
    );
  }

  /**
   * Feeds `data` (starting with the cut element, if there is one) and yields the whole elements
   * in it as one batch; on a failure the elements before it come out first. With `final` (the
   * file has ended) a cut scalar ends at the end and anything else is truncated.
   */
  *batches(data: Uint8Array, final: boolean): Generator<ScannedElement<T>[]> {
    const batch: ScannedElement<T>[] = [];
    try {
      this.#feed(data, final, batch);
    } catch (error) {
      if (batch.length > 0) yield batch;
      throw error;
    }
    if (batch.length > 0) yield batch;
  }

  #feed(data: Uint8Array, final: boolean, batch: ScannedElement<T>[]): void {
    const n = data.length, out = this.#out;
    if (this.cut !== undefined) this.#line = this.#cutLine;
    this.cut = undefined;
    for (let i = 0; i < n; i++) {
      const c = data[i];
      if (c === NL) this.#line++;
      if (isSpace(c)) continue;
      const at = this.#base + i;
      const phase = this.#phase;
      if (phase === Phase.Before) {
        if (c === OPEN_ARR) this.#phase = Phase.FirstValue;
        else if (at === 0 && c === 0xef && data[1] === 0xbb && data[2] === 0xbf) i += 2;
        else this.#fail(at, `expected "[" to open the array, found ${shown(c)}`);
      } else if (phase === Phase.AfterValue) {
        if (c === COMMA) this.#phase = Phase.Value;
        else if (c === CLOSE_ARR) this.#phase = Phase.Done;
        else this.#fail(at, `expected "," or "]" after element ${this.#index}, found ${shown(c)}`);
      } else if (phase === Phase.Done) {
        this.#fail(at, `unexpected ${shown(c)} after the closing "]"`);
      } else if (c === CLOSE_ARR && phase === Phase.FirstValue) {
        this.#phase = Phase.Done;
      } else if (c === CLOSE_ARR || c === COMMA) {
        this.#fail(at, `expected element ${this.#index + 1}, found ${shown(c)}`);
      } else {
        let end = this.scan(data, i, out);
        if (end === PASS || (end === INCOMPLETE && final)) {
          end = matchElement(data, i, out as ScanOut<unknown>);
        }
        if (end === INCOMPLETE && final) {
          if (c !== OPEN_OBJ && c !== OPEN_ARR && c !== QUOTE) end = n;
          else {
            const startLine = this.#line;
            this.#line += out.newlines;
            throw new InputError(
              this.file,
              this.#line,
              `truncated JSON array: file ends at byte ${this.#base + n} inside element ${
                this.#index + 1
              }, which starts at byte ${at} (line ${startLine})`,
            );
          }
        }
        if (end === INCOMPLETE) {
          this.cut = data.subarray(i);
          this.#cutLine = this.#line;
          this.need = Math.max(2 * (n - i), 1 << 16);
          this.#base = at;
          return;
        }
        batch.push(new Element(data.subarray(i, end), this.#index++, at, this.#line, out.value));
        this.#line += out.newlines;
        this.#phase = Phase.AfterValue;
        i = end - 1;
      }
    }
    this.#base += n;
  }

  /**
   * Checks the array ended properly, once every byte has been fed.
   *
   * @throws {InputError} for an empty file or an array without its closing `]`
   */
  finish(): void {
    if (this.#phase === Phase.Done) return;
    if (this.#phase === Phase.Before) {
      throw new InputError(this.file, this.#line, "expected a JSON array, file is empty");
    }
    const index = this.#index;
    throw new InputError(
      this.file,
      this.#line,
      `truncated JSON array: file ends at byte ${this.#base} after ${index} element${
        index === 1 ? "" : "s"
      }, before the closing "]"`,
    );
  }
}
