/** @module Write a sessions JSONL file: buffered, atomic, and never an empty success. */
import { dirname } from "node:path";
import { writeAtomically } from "../io/atomic_write.ts";
import { writeAll } from "../io/write_all.ts";
import type { Session } from "./session.ts";

/** Bytes gathered before one write call. */
const FLUSH_BYTES = 1 << 20;

/** Receives sessions to write, in order. */
export interface SessionSink {
  /** Appends one session line. */
  write(session: Session): Promise<void>;
  /** Sessions written so far. */
  readonly count: number;
}

/** One session as its JSONL line (without newline), fields in the documented order. */
export function sessionLine(session: Session): string {
  const { session_id, user_messages, source, system, meta } = session;
  return JSON.stringify({ session_id, user_messages, source, system, meta });
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
  const encoder = new TextEncoder();
  let count = 0;
  await writeAtomically(path, async (file) => {
    let pending: string[] = [];
    let pendingChars = 0;
    const flush = async () => {
      const bytes = encoder.encode(pending.join(""));
      pending = [];
      pendingChars = 0;
      await writeAll(file, bytes);
    };
    const sink: SessionSink = {
      async write(session) {
        const line = sessionLine(session) + "\n";
        pending.push(line);
        pendingChars += line.length;
        count++;
        if (pendingChars >= FLUSH_BYTES) await flush();
      },
      get count() {
        return count;
      },
    };
    await produce(sink);
    if (count === 0) throw onEmpty();
    await flush();
  });
  return count;
}
