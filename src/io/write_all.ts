/** @module Write every byte of a buffer to an open file (one `write` may write only part). */

/**
 * Writes all of `bytes` to `file`, looping over partial writes.
 *
 * @param file an open file (or anything with Deno's `write`)
 * @param bytes what to write
 * @example
 * ```ts
 * await writeAll(file, new TextEncoder().encode("hello\n"));
 * ```
 */
export async function writeAll(
  file: { write(p: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await file.write(bytes.subarray(off));
}
