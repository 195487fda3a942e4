/** @module A file of float64 values appended one at a time and read back in chunks: samples kept on disk, not in memory. */
import { join } from "node:path";

/** Values per write and per chunk read back (64 KiB). */
const CHUNK = 8192;

/**
 * An append-only file of 64-bit floats in a folder the caller owns (and removes). Appends are
 * buffered and written synchronously a chunk at a time, so a hot loop never awaits; reading
 * back walks the file in chunks, so memory stays one chunk whatever the count.
 *
 * @example
 * ```ts
 * const spill = FloatSpill.create(dir);
 * spill.push(12.5);
 * for (const chunk of spill.chunks()) for (const v of chunk) console.log(v);
 * spill.close();
 * ```
 */
export class FloatSpill {
  readonly #file: Deno.FsFile;
  readonly #buffer = new Float64Array(CHUNK);
  #buffered = 0;
  #count = 0;

  private constructor(readonly path: string) {
    this.#file = Deno.openSync(path, { read: true, write: true, createNew: true });
  }

  /** A new empty spill file in `dir` (which must exist). */
  static create(dir: string): FloatSpill {
    return new FloatSpill(join(dir, `${crypto.randomUUID()}.f64`));
  }

  /** Values appended so far. */
  get count(): number {
    return this.#count;
  }

  /** Appends one value. */
  push(value: number): void {
    this.#buffer[this.#buffered++] = value;
    this.#count++;
    if (this.#buffered === CHUNK) this.#flush();
  }

  /** Every value in the order appended, a chunk at a time (each chunk is reused: copy to keep). */
  *chunks(): Generator<Float64Array> {
    this.#flush();
    const bytes = new Uint8Array(CHUNK * 8);
    const values = new Float64Array(bytes.buffer);
    let offset = 0;
    const total = this.#count * 8;
    while (offset < total) {
      const want = Math.min(bytes.length, total - offset);
      let got = 0;
      while (got < want) {
        this.#file.seekSync(offset + got, Deno.SeekMode.Start);
        const n = this.#file.readSync(bytes.subarray(got, want));
        if (n === null || n === 0) throw new Error(`Cannot read "${this.path}": it ended early`);
        got += n;
      }
      offset += want;
      yield values.subarray(0, want / 8);
    }
  }

  /** Closes and removes the file. */
  close(): void {
    try {
      this.#file.close();
    } catch { /* closed */ }
    try {
      Deno.removeSync(this.path);
    } catch { /* gone */ }
  }

  #flush(): void {
    if (this.#buffered === 0) return;
    const bytes = new Uint8Array(this.#buffer.buffer, 0, this.#buffered * 8);
    this.#file.seekSync(0, Deno.SeekMode.End);
    let written = 0;
    while (written < bytes.length) written += this.#file.writeSync(bytes.subarray(written));
    this.#buffered = 0;
  }
}
