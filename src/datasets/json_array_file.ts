/**
 * @module Scan a JSON array file read straight into a {@linkcode ByteWindow}: no buffer is
 * allocated per read and nothing is copied but the element cut by a read, so a scanner that
 * searches with the window's SIMD runs at the speed of its own loop.
 */
import { ByteWindow } from "./byte_window.ts";
import { MAX_ELEMENT_BYTES } from "../io/bytes.ts";
import { CHUNK_SIZE, openForReading } from "../io/chunks.ts";
import {
  ArrayScanner,
  type ElementScanner,
  scanJsonArrayBatches,
  type ScannedElement,
} from "./json_array.ts";
import { readChunks } from "../io/chunks.ts";

/** Bytes per read into the window. */
const READ_BYTES = 4 * CHUNK_SIZE;

/** Options for {@linkcode scanJsonArrayFile}. */
export interface ScanFileOptions {
  /** Path shown in errors (defaults to the path read). */
  label?: string;
  /** Called after each read with its byte count. */
  onBytes?(n: number): void;
  /** Stops reading (the generator throws the abort reason). */
  signal?: AbortSignal;
  /** Bytes per read (default 1 MiB); tests make it small to cut elements anywhere. */
  readBytes?: number;
}

/**
 * Yields the elements of the JSON array in `path` in batches, as `scanJsonArrayBatches` does,
 * with the bytes in a window: `makeScan` receives it to search with. Every view in a batch is
 * valid only until the next batch is asked for. Where WebAssembly is missing, the file is read
 * in chunks and `makeScan` gets no window.
 *
 * @param path the file
 * @param makeScan builds the element scanner for the window
 * @throws {InputError} as `splitJsonArray`
 * @example
 * ```ts
 * for await (const batch of scanJsonArrayFile("sg.json", conversationScanner)) batch.length;
 * ```
 */
export async function* scanJsonArrayFile<T>(
  path: string,
  makeScan: (window?: ByteWindow) => ElementScanner<T>,
  options: ScanFileOptions = {},
): AsyncGenerator<ScannedElement<T>[]> {
  const label = options.label ?? path;
  const window = ByteWindow.create();
  if (window === undefined) {
    const chunks = readChunks(path, { onBytes: options.onBytes, signal: options.signal });
    yield* scanJsonArrayBatches(chunks, label, makeScan());
    return;
  }
  const scanner = new ArrayScanner(label, makeScan(window));
  const file = await openForReading(path);
  try {
    while (true) {
      options.signal?.throwIfAborted();
      const cut = scanner.cut;
      if (cut !== undefined) scanner.checkSize(cut.length);
      const want = cut === undefined
        ? 0
        : Math.min(scanner.need, MAX_ELEMENT_BYTES + 1) - cut.length;
      const size = Math.max(options.readBytes ?? READ_BYTES, want);
      const { data, read } = await window.fill(file, cut, size);
      if (read > 0) options.onBytes?.(read);
      const final = read < size;
      if (data.length > 0) yield* scanner.batches(data, final);
      if (final) break;
    }
  } finally {
    file.close();
  }
  scanner.finish();
}
