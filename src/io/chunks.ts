/** @module Read a file as a stream of byte chunks, closing it however the reader stops. */
import { UserError } from "../util/errors.ts";

/** Size of one read; large reads keep per-chunk overhead low on big dumps. */
export const CHUNK_SIZE = 1 << 18;

/** Options for {@linkcode readChunks}. */
export interface ReadChunksOptions {
  /** Called after each chunk with its byte count. */
  onBytes?(n: number): void;
  /** Stops reading (the generator throws the abort reason). */
  signal?: AbortSignal;
  /** Bytes per read; defaults to {@linkcode CHUNK_SIZE}. */
  chunkSize?: number;
}

/**
 * Yields the bytes of `path` in fresh buffers (a yielded chunk is never overwritten, so callers may
 * keep slices of it). The file is closed when the loop ends, breaks or throws.
 *
 * @param path file to read
 * @returns an async generator of non-empty chunks
 * @example
 * ```ts
 * for await (const chunk of readChunks("big.json")) count += chunk.length;
 * ```
 */
export async function* readChunks(
  path: string,
  options: ReadChunksOptions = {},
): AsyncGenerator<Uint8Array> {
  const size = options.chunkSize ?? CHUNK_SIZE;
  const file = await openForReading(path);
  try {
    while (true) {
      options.signal?.throwIfAborted();
      const buf = new Uint8Array(size);
      let filled = 0;
      while (filled < size) {
        const n = await file.read(buf.subarray(filled));
        if (n === null) break;
        filled += n;
      }
      if (filled === 0) return;
      options.onBytes?.(filled);
      yield filled === size ? buf : buf.subarray(0, filled);
      if (filled < size) return;
    }
  } finally {
    file.close();
  }
}

/**
 * Opens a file to read, turning "not found", "is a folder" and "permission denied" into a one-line
 * {@linkcode UserError}.
 *
 * @throws {UserError} `Cannot read "x.jsonl": no such file`
 */
export async function openForReading(path: string): Promise<Deno.FsFile> {
  let file: Deno.FsFile | undefined;
  try {
    file = await Deno.open(path, { read: true });
    if ((await file.stat()).isDirectory) {
      throw new UserError(`Cannot read "${path}": it is a folder`);
    }
    return file;
  } catch (error) {
    file?.close();
    if (error instanceof UserError) throw error;
    const why = error instanceof Deno.errors.NotFound
      ? "no such file"
      : error instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : null;
    if (why) throw new UserError(`Cannot read "${path}": ${why}`, { cause: error });
    throw error;
  }
}

/** What a data file holds, judged by its first non-blank byte. */
export type FileShape = "array" | "lines" | "empty";

/**
 * Tells a JSON array file (`[` first) from a JSONL file, skipping a byte-order mark and whitespace.
 *
 * @param path file to look at
 * @returns `"array"`, `"lines"`, or `"empty"` for a file with nothing but whitespace
 */
export async function sniffShape(path: string): Promise<FileShape> {
  for await (const chunk of readChunks(path, { chunkSize: 64 * 1024 })) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xef || c === 0xbb) {
        continue;
      }
      if (c === 0xbf) continue;
      return c === 0x5b ? "array" : "lines";
    }
  }
  return "empty";
}
