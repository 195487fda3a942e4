/**
 * @module A shard's `records.jsonl` read as a cursor over parsed records, a chunk of lines at a
 * time: the merge's k-way loop touches a promise only once per chunk (~256 KiB), not per record,
 * which is what lets four 250k-record files merge in a few seconds.
 */
import { openForReading } from "../io/chunks.ts";
import { InputError } from "../util/errors.ts";

/** Bytes per read; one buffer per cursor, reused (decoding copies it into a string). */
const READ_SIZE = 1 << 18;

/** The few fields of a record the merge reads (it writes the line itself through unchanged). */
export interface RecordHead {
  round: number;
  concurrency: number | null;
  request_rate: number | null;
  started_at: number;
  e2e_ms: number | null;
  ttft_ms: number | null;
  /** Users and trace-replay runs are told apart by these (issues 13, 14). */
  users?: number | null;
  trace_speed?: number | null;
  /** A repeated sweep's trial (issue 15); absent = 0. */
  trial?: number;
}

/** One record line: its text as written, its parsed value, and the merge's sort key. */
export interface RecordLine {
  text: string;
  value: RecordHead & Record<string, unknown>;
  line: number;
  /** Set by the cursor's `rank` function: the run's place in the sweep. */
  rank: number;
  /** When the request ended (`started_at + (e2e_ms ?? ttft_ms ?? 0)`), epoch ms. */
  end: number;
}

/** A cursor over one records file; `head` is the current record (null at the end). */
export class RecordCursor {
  head: RecordLine | null = null;
  #batch: RecordLine[] = [];
  #at = 0;
  #file: Deno.FsFile;
  #buffer = new Uint8Array(READ_SIZE);
  #decoder = new TextDecoder();
  #tail = "";
  #line = 0;
  #done = false;
  /** Lines skipped because the file ended mid-line (a writer killed while writing). */
  cutLines = 0;

  private constructor(
    readonly path: string,
    file: Deno.FsFile,
    readonly rank: (r: RecordHead) => number,
  ) {
    this.#file = file;
  }

  /**
   * Opens a file and reads its first record.
   *
   * @param rank the run's place of a record (the merge's first sort key)
   */
  static async open(path: string, rank: (r: RecordHead) => number): Promise<RecordCursor> {
    const c = new RecordCursor(path, await openForReading(path), rank);
    await c.next();
    return c;
  }

  /** Moves to the next record without waiting; false when the next chunk must be read first. */
  advance(): boolean {
    if (this.#at >= this.#batch.length) return false;
    this.head = this.#batch[this.#at++];
    return true;
  }

  /** Moves to the next record (`head` null at the end). */
  async next(): Promise<void> {
    while (this.#at >= this.#batch.length) {
      if (this.#done) {
        this.head = null;
        return;
      }
      await this.#fill();
    }
    this.head = this.#batch[this.#at++];
  }

  async #fill(): Promise<void> {
    this.#batch = [];
    this.#at = 0;
    const n = await this.#file.read(this.#buffer);
    let text: string;
    if (n === null) {
      this.#done = true;
      text = this.#tail + this.#decoder.decode();
      this.#tail = "";
      if (text.trim() !== "") this.#add(text, true);
      return;
    }
    text = this.#tail + this.#decoder.decode(this.#buffer.subarray(0, n), { stream: true });
    let start = 0;
    while (true) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      this.#add(text.slice(start, nl), false);
      start = nl + 1;
    }
    this.#tail = text.slice(start);
  }

  #add(raw: string, last: boolean): void {
    this.#line++;
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (text.trim() === "") return;
    let value: RecordLine["value"];
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (last) {
        this.cutLines++;
        return;
      }
      throw new InputError(this.path, this.#line, `not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value?.round !== "number" || typeof value.started_at !== "number") {
      throw new InputError(this.path, this.#line, "not a request record (no round or started_at)");
    }
    const end = value.started_at + (value.e2e_ms ?? value.ttft_ms ?? 0);
    this.#batch.push({ text, value, line: this.#line, rank: this.rank(value), end });
  }

  /** Stops reading and closes the file. */
  close(): void {
    try {
      this.#file.close();
    } catch { /* closed */ }
  }
}
