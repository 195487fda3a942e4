/**
 * @module A shard's `records.jsonl` read as a cursor over parsed records, a chunk of lines at a
 * time: the merge's k-way loop touches a promise only once per chunk (~256 KiB), not per record,
 * which is what lets four 250k-record files merge in a few seconds.
 */
import { readChunks } from "../io/chunks.ts";
import { InputError } from "../util/errors.ts";

/** The few fields of a record the merge reads (it writes the line itself through unchanged). */
export interface RecordHead {
  round: number;
  concurrency: number | null;
  request_rate: number | null;
  started_at: number;
  e2e_ms: number | null;
  ttft_ms: number | null;
}

/** One record line: its text as written and its parsed value. */
export interface RecordLine {
  text: string;
  value: RecordHead & Record<string, unknown>;
  line: number;
}

/** A cursor over one records file; `head` is the current record (null at the end). */
export class RecordCursor {
  head: RecordLine | null = null;
  #batch: RecordLine[] = [];
  #at = 0;
  #chunks: AsyncGenerator<Uint8Array>;
  #decoder = new TextDecoder();
  #tail = "";
  #line = 0;
  #done = false;
  /** Lines skipped because the file ended mid-line (a writer killed while writing). */
  cutLines = 0;

  private constructor(readonly path: string) {
    this.#chunks = readChunks(path);
  }

  /** Opens a file and reads its first record. */
  static async open(path: string): Promise<RecordCursor> {
    const c = new RecordCursor(path);
    await c.next();
    return c;
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
    const { value, done } = await this.#chunks.next();
    let text: string;
    if (done) {
      this.#done = true;
      text = this.#tail + this.#decoder.decode();
      this.#tail = "";
      if (text.trim() !== "") this.#add(text, true);
      return;
    }
    text = this.#tail + this.#decoder.decode(value, { stream: true });
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
    this.#batch.push({ text, value, line: this.#line });
  }

  /** Stops reading and closes the file. */
  async close(): Promise<void> {
    await this.#chunks.return(undefined);
  }
}
