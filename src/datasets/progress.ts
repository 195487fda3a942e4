/** @module What a converter reports as it reads, and its adapter to the one progress interface. */
import type { Progress } from "../util/progress.ts";

/** What a converter reports as it reads. */
export interface ReadProgress {
  /** The file being read. */
  file: string;
  /** Bytes read so far over all files. */
  bytesRead: number;
  /** Total bytes of all input files. */
  totalBytes: number;
  /** Sessions kept so far. */
  sessions: number;
}

/**
 * Adapts a converter's byte progress to a {@linkcode Progress} (a stage's, or a command's bar):
 * bytes read of the total, with the sessions kept so far as the status.
 *
 * @param progress where the progress goes
 * @returns a callback for a converter's `onProgress`
 * @example
 * ```ts
 * await convertShareGpt(params, { output, onProgress: byteProgress(ctx.progress) });
 * ```
 */
export function byteProgress(progress: Progress): (p: ReadProgress) => void {
  let total = -1;
  let done = 0;
  return (p) => {
    if (p.totalBytes !== total) {
      total = p.totalBytes;
      progress.total(total, "B");
    }
    progress.advance(p.bytesRead - done, `${p.sessions.toLocaleString("en-US")} sessions`);
    done = p.bytesRead;
  };
}
