/** @module Small byte helpers shared by the streaming splitters. */

/** A single array element or line larger than this is refused rather than buffered. */
export const MAX_ELEMENT_BYTES = 256 * 1024 * 1024;

/**
 * Concatenates byte arrays into one (returns the only part itself when there is one).
 *
 * @param parts pieces in order
 * @returns their bytes back to back
 */
export function joinBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
