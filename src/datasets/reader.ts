/** @module The one reader of session files (JSONL or JSON array, any of the four shapes), streamed. */
import { InputError } from "../util/errors.ts";
import { readRecords } from "./records.ts";
import type { Session } from "./session.ts";
import { extractTurns, isObject, recordId } from "./shapes.ts";
import { fileStem, UniqueIds } from "./unique_ids.ts";

/** Options for {@linkcode readSessions}. */
export interface ReadSessionsOptions {
  /** Pass over bad records (reported to `onSkip`) instead of failing on the first. */
  skipInvalid?: boolean;
  /** Receives each record skipped under `skipInvalid`. */
  onSkip?(error: InputError): void;
  /** Path shown in errors and used as `source` when a record has none (defaults to `path`). */
  label?: string;
  signal?: AbortSignal;
}

/**
 * Reads sessions from a JSONL file or a JSON array file. Records may be sessions
 * (`user_messages`, with optional `turns` and `tools`), ShareGPT-style `conversations`
 * (from/value) or chat `messages` (role/content), with or without tool roles; for the latter
 * the human/user turns are the questions, a `system` turn becomes the session's system prompt,
 * and assistant tool calls with their results become the `tool_steps` of the turn they follow. Blank user turns are passed over. A record without
 * an id gets `<file-stem>-<line>` (`<file-stem>-<n>` for the n-th element of an array); ids are
 * kept unique with a `-2`, `-3` suffix.
 *
 * @param path a `.jsonl` or `.json` file
 * @param options skip bad records instead of failing
 * @throws {InputError} `file:line: …` for a record that is not JSON or has no usable user turn
 * @example
 * ```ts
 * for await (const s of readSessions("examples/example_dataset.json")) console.log(s.session_id);
 * ```
 */
export async function* readSessions(
  path: string,
  options: ReadSessionsOptions = {},
): AsyncGenerator<Session> {
  const label = options.label ?? path;
  const stem = fileStem(path);
  const ids = new UniqueIds();
  const reject = (error: InputError) => {
    if (!options.skipInvalid) throw error;
    options.onSkip?.(error);
  };
  const records = readRecords(path, {
    label,
    skipInvalid: options.skipInvalid,
    onSkip: options.onSkip,
    signal: options.signal,
  });
  for await (const rec of records) {
    const turns = extractTurns(rec.value);
    if (typeof turns === "string") {
      reject(new InputError(label, rec.line, turns));
      continue;
    }
    if (turns.user.length === 0) {
      const why = turns.blank > 0 ? "every user turn is blank" : `no user turn in "${turns.shape}"`;
      reject(new InputError(label, rec.line, why));
      continue;
    }
    const value = rec.value as Record<string, unknown>;
    const id = recordId(value) ?? `${stem}-${rec.inArray ? rec.number : rec.line}`;
    const session: Session = {
      session_id: ids.take(id),
      user_messages: turns.user,
      source: typeof value.source === "string" ? value.source : label,
    };
    if (turns.system !== undefined) session.system = turns.system;
    if (isObject(value.meta)) session.meta = value.meta;
    if (turns.tools !== undefined) session.tools = turns.tools;
    if (turns.turns !== undefined) session.turns = turns.turns;
    yield session;
  }
}
