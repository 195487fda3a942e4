/** @module A live one-line progress display on stderr, drawn only when stderr is a terminal. */

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

const MB = 1e6;

/**
 * Returns a progress callback that redraws one stderr line at most every `everyMs`, and a `done`
 * that clears it; both do nothing unless stderr is a terminal.
 *
 * @param label shown first on the line (the command name)
 * @example
 * ```ts
 * const bar = ttyProgress("convert-sharegpt");
 * await convert({ onProgress: bar.update }); bar.done();
 * ```
 */
export function ttyProgress(
  label: string,
  everyMs = 200,
): { update(p: ReadProgress): void; done(): void } {
  const live = Deno.stderr.isTerminal();
  const encoder = new TextEncoder();
  const started = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = performance.now();
      if (!live || now - last < everyMs) return;
      last = now;
      const pct = p.totalBytes > 0 ? ` (${Math.floor((100 * p.bytesRead) / p.totalBytes)}%)` : "";
      const rate = p.bytesRead / MB / Math.max((now - started) / 1000, 1e-3);
      const text = `${label}: ${p.file} ${(p.bytesRead / MB).toFixed(1)}/${
        (p.totalBytes / MB).toFixed(1)
      } MB${pct}, ${p.sessions.toLocaleString("en-US")} sessions, ${rate.toFixed(0)} MB/s`;
      Deno.stderr.writeSync(encoder.encode(`\r\x1b[2K${text}`));
      drawn = true;
    },
    done() {
      if (drawn) Deno.stderr.writeSync(encoder.encode("\r\x1b[2K"));
      drawn = false;
    },
  };
}

/**
 * Runs `work` with a live progress line (when stderr is a terminal), cleared when it ends.
 *
 * @param label the command name shown on the line
 * @param work receives the progress callback to hand to a converter
 * @returns what `work` returns
 */
export async function withTtyProgress<T>(
  label: string,
  work: (onProgress: (p: ReadProgress) => void) => Promise<T>,
): Promise<T> {
  const bar = ttyProgress(label);
  try {
    return await work(bar.update);
  } finally {
    bar.done();
  }
}
