/** @module Write a sessions JSONL file: buffered, atomic, and never an empty success. */
import { dirname } from "node:path";
import { writeAtomically } from "../io/atomic_write.ts";
import { writeAll } from "../io/write_all.ts";
import type { Session } from "./session.ts";

/** Bytes gathered before one write call. */
const FLUSH_BYTES = 1 << 20;

/**
 * A session already serialized but for its id, so a converter can copy JSON from its input
 * without decoding it: the line is `{"session_id":<id as JSON>` followed by `tail`'s bytes,
 * which start with `,` and end with the closing `}`.
 */
export interface RawSession {
  session_id: string;
  /** The rest of the line after the id, in pieces (views into the input are fine). */
  tail: readonly Uint8Array[];
}

/** Whether a session is a pre-serialized {@linkcode RawSession}. */
export function isRawSession(session: Session | RawSession): session is RawSession {
  return "tail" in session;
}

/** Receives sessions to write, in order. */
export interface SessionSink {
  /** Appends one session line; returns a promise only when it writes to the file. */
  write(session: Session | RawSession): void | Promise<void>;
  /** Sessions written so far. */
  readonly count: number;
}

/** One session as its JSONL line (without newline), fields in the documented order. */
export function sessionLine(session: Session): string {
  const { session_id, user_messages, source, system, meta, tools, turns } = session;
  return JSON.stringify({ session_id, user_messages, source, system, meta, tools, turns });
}

const encoder = new TextEncoder();
const ID_OPEN = encoder.encode('{"session_id":');

/** One session's line (without newline) as bytes: raw sessions are joined, others serialized. */
export function sessionLineBytes(session: Session | RawSession): Uint8Array {
  if (!isRawSession(session)) return encoder.encode(sessionLine(session));
  const id = encoder.encode(JSON.stringify(session.session_id));
  let size = ID_OPEN.length + id.length;
  for (const part of session.tail) size += part.length;
  const out = new Uint8Array(size);
  out.set(ID_OPEN, 0);
  out.set(id, ID_OPEN.length);
  let at = ID_OPEN.length + id.length;
  for (const part of session.tail) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Collects output lines in one buffer (grown for a huge line) and writes it out when full. */
class ByteBuffer {
  #buf = new Uint8Array(2 * FLUSH_BYTES);
  #at = 0;
  constructor(readonly file: Deno.FsFile) {}

  #room(bytes: number): void {
    if (this.#at + bytes <= this.#buf.length) return;
    const grown = new Uint8Array(Math.max(2 * this.#buf.length, this.#at + bytes));
    grown.set(this.#buf.subarray(0, this.#at));
    this.#buf = grown;
  }

  bytes(bytes: Uint8Array): void {
    this.#room(bytes.length);
    this.#buf.set(bytes, this.#at);
    this.#at += bytes.length;
  }

  text(text: string): void {
    this.#room(3 * text.length); // UTF-8 needs at most 3 bytes per UTF-16 unit
    this.#at += encoder.encodeInto(text, this.#buf.subarray(this.#at)).written;
  }

  get full(): boolean {
    return this.#at >= FLUSH_BYTES;
  }

  async flush(): Promise<void> {
    await writeAll(this.file, this.#buf.subarray(0, this.#at));
    this.#at = 0;
    if (this.#buf.length > 2 * FLUSH_BYTES) this.#buf = new Uint8Array(2 * FLUSH_BYTES);
  }
}

/**
 * Opens `path` (creating its folder), lets `produce` write sessions, and renames the file into
 * place only if `produce` succeeds and wrote at least one session; otherwise no file is left.
 *
 * @param path the sessions file to create or replace
 * @param produce writes the sessions through the sink
 * @param onEmpty builds the error thrown when nothing was written
 * @returns the number of sessions written
 * @throws whatever `produce` throws, or `onEmpty()`
 * @example
 * ```ts
 * await writeSessionFile("out.jsonl", async (sink) => { await sink.write(s); }, () => new UserError("No sessions"));
 * ```
 */
export async function writeSessionFile(
  path: string,
  produce: (sink: SessionSink) => Promise<void>,
  onEmpty: () => Error,
): Promise<number> {
  await Deno.mkdir(dirname(path), { recursive: true });
  let count = 0;
  await writeAtomically(path, async (file) => {
    const out = new ByteBuffer(file);
    const sink: SessionSink = {
      write(session) {
        if (isRawSession(session)) {
          out.bytes(ID_OPEN);
          out.text(JSON.stringify(session.session_id));
          for (const part of session.tail) out.bytes(part);
          out.bytes(NEWLINE);
        } else out.text(sessionLine(session) + "\n");
        count++;
        if (out.full) return out.flush();
      },
      get count() {
        return count;
      },
    };
    await produce(sink);
    if (count === 0) throw onEmpty();
    await out.flush();
  });
  return count;
}

const NEWLINE = encoder.encode("\n");
