/** @module A buffered JSONL appender: cheap per line, flushed at least every half second. */
import { writeAll } from "./write_all.ts";

const encoder = new TextEncoder();

/** Schedules the background flush (tests pass one they fire themselves). */
export interface FlushTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const TIMERS: FlushTimer = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as number),
};

/**
 * Appends JSON lines to a file. Lines are buffered and written when 64 KiB pile up, at least
 * every `flushMs` (default 500 ms), and on `flush()`/`close()`; writes never overlap.
 *
 * @example
 * ```ts
 * const w = await JsonlWriter.open("out/records.jsonl");
 * w.write({ ok: true });
 * await w.close();
 * ```
 */
export class JsonlWriter {
  readonly path: string;
  #file: Deno.FsFile;
  #lines: string[] = [];
  #size = 0;
  #pending: Promise<void> = Promise.resolve();
  #timer: unknown;
  #error: unknown = null;
  readonly #flushMs: number;
  readonly #timers: FlushTimer;

  private constructor(path: string, file: Deno.FsFile, flushMs: number, timers: FlushTimer) {
    this.path = path;
    this.#file = file;
    this.#flushMs = flushMs;
    this.#timers = timers;
  }

  /**
   * Opens `path` for appending (creating it), or truncates it first with `truncate: true`.
   */
  static async open(
    path: string,
    opts: { truncate?: boolean; flushMs?: number; timer?: FlushTimer } = {},
  ): Promise<JsonlWriter> {
    const file = await Deno.open(path, {
      write: true,
      create: true,
      append: !opts.truncate,
      truncate: opts.truncate ?? false,
    });
    return new JsonlWriter(path, file, opts.flushMs ?? 500, opts.timer ?? TIMERS);
  }

  /** Buffers one value as a JSON line. */
  write(value: unknown): void {
    this.writeLine(JSON.stringify(value));
  }

  /** Buffers one line (without its newline) as is. */
  writeLine(line: string): void {
    this.#lines.push(line);
    this.#size += line.length;
    if (this.#size >= 65_536) this.#flushQuietly();
    else this.#timer ??= this.#timers.set(() => this.#flushQuietly(), this.#flushMs);
  }

  /** Writes out every buffered line; rejects with the first write error. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
    if (this.#lines.length > 0) {
      const bytes = encoder.encode(this.#lines.join("\n") + "\n");
      this.#lines = [];
      this.#size = 0;
      this.#pending = this.#pending.then(() => writeAll(this.#file, bytes)).catch((e) => {
        this.#error ??= e;
      });
    }
    return this.#pending.then(() => {
      if (this.#error !== null) throw this.#error;
    });
  }

  /** Flushes in the background; a write error is kept and thrown by the next `flush()`. */
  #flushQuietly(): void {
    this.flush().catch(() => {});
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.#file.close();
    }
  }
}
