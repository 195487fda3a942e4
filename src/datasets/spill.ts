/** @module Shuffle more lines than should sit in memory, through a temporary file of offsets. */
import { joinBytes } from "../io/bytes.ts";
import { shuffleInPlace } from "../io/random.ts";
import { writeAll } from "../io/write_all.ts";

/** A temporary file of lines to read back shuffled; remove it with `close()`. */
export class ShuffleSpill {
  #file: Deno.FsFile;
  #path: string;
  #starts: number[] = [];
  #lengths: number[] = [];
  #at = 0;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #encoder = new TextEncoder();

  private constructor(file: Deno.FsFile, path: string) {
    this.#file = file;
    this.#path = path;
  }

  /**
   * Creates the spill file in `dir` (the output's folder, so nothing is written elsewhere).
   *
   * @example
   * ```ts
   * const spill = await ShuffleSpill.create(".");
   * try { await spill.add("a"); for await (const l of spill.drain(Math.random)) {} } finally { await spill.close(); }
   * ```
   */
  static async create(dir: string): Promise<ShuffleSpill> {
    const path = await Deno.makeTempFile({ dir, prefix: ".turnbench-shuffle-" });
    const file = await Deno.open(path, { read: true, write: true });
    return new ShuffleSpill(file, path);
  }

  /** Number of lines added. */
  get size(): number {
    return this.#starts.length;
  }

  /** Adds one line (any text, or its UTF-8 bytes, which are copied). */
  async add(line: string | Uint8Array): Promise<void> {
    const bytes = typeof line === "string" ? this.#encoder.encode(line) : line.slice();
    this.#starts.push(this.#at);
    this.#lengths.push(bytes.length);
    this.#at += bytes.length;
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    if (this.#pendingBytes >= 1 << 20) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const bytes = joinBytes(this.#pending);
    await writeAll(this.#file, bytes);
    this.#pending = [];
    this.#pendingBytes = 0;
  }

  /** Yields every added line once, in an order drawn from `random`. */
  async *drain(random: () => number): AsyncGenerator<string> {
    await this.#flush();
    const order = shuffleInPlace(Uint32Array.from(this.#starts.keys()), random);
    const decoder = new TextDecoder();
    for (const i of order) {
      const bytes = new Uint8Array(this.#lengths[i]);
      // Sync calls: one small random read each, where async op overhead would dominate.
      this.#file.seekSync(this.#starts[i], Deno.SeekMode.Start);
      let off = 0;
      while (off < bytes.length) {
        const n = this.#file.readSync(bytes.subarray(off));
        if (n === null) {
          throw new Error(`Cannot read back shuffle file "${this.#path}": ended early`);
        }
        off += n;
      }
      yield decoder.decode(bytes);
    }
  }

  /** Closes and deletes the spill file. */
  async close(): Promise<void> {
    try {
      this.#file.close();
    } catch { /* already closed */ }
    await Deno.remove(this.#path).catch(() => {});
  }
}
