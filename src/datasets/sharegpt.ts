/** @module Convert ShareGPT dumps (a file or nested folders of JSON arrays and JSONL) into sessions. */
import { dirname } from "node:path";
import { z } from "zod";
import { InputError } from "../util/errors.ts";
import type { ReadProgress } from "./progress.ts";
import { Sampler } from "./sampler.ts";
import type { Session } from "./session.ts";
import { type RawSession, writeSessionFile } from "./session_writer.ts";
import { readShareGptRecords, type ShareGptRecord } from "./sharegpt_records.ts";
import type { ScannedConversation } from "./sharegpt_scan.ts";
import { extractTurns, recordId, type Turns } from "./shapes.ts";
import { type ConversionCounts, emptyError, settleCounts, SkipLog, zeroCounts } from "./summary.ts";
import { fileStem, UniqueIds } from "./unique_ids.ts";
import { listDataFiles } from "./walk.ts";

/** Parameters of `convert-sharegpt` (the stage's `with:` block; the CLI maps its flags here). */
export const ConvertShareGptParams = z.object({
  /** A ShareGPT file or a folder searched recursively. */
  input: z.string().min(1),
  /** Write at most this many sessions. */
  max_sessions: z.number().int().positive().optional(),
  /** Drop conversations with fewer user turns than this. */
  min_turns: z.number().int().positive().default(1),
  /** Pick sessions at random (reservoir sampling) and write them in random order. */
  shuffle: z.boolean().default(false),
  /** Seed for `shuffle`: the same seed gives the same sample. */
  seed: z.number().int().default(0),
  /** Count and pass over bad records instead of failing. */
  skip_invalid: z.boolean().default(false),
});
/** Parameters of `convert-sharegpt`. */
export type ConvertShareGptParams = z.infer<typeof ConvertShareGptParams>;

/** Where to write and how to report progress. */
export interface ConvertOptions {
  /** The sessions JSONL file to write. */
  output: string;
  onProgress?(progress: ReadProgress): void;
  signal?: AbortSignal;
}

/** What a ShareGPT conversion did (written as stats.json by the stage). */
export interface ShareGptStats extends ConversionCounts {
  input: string;
  output: string;
  files: { path: string; bytes: number; conversations: number }[];
  passed_over: string[];
  conversations_read: number;
  dropped: { no_question: number; too_few_turns: number; not_sampled: number };
  blank_turns_skipped: number;
  stopped_early: boolean;
  bytes_read: number;
}

/**
 * Converts ShareGPT conversations under `params.input` into a sessions file.
 *
 * @param params what to read and how to sample (see {@linkcode ConvertShareGptParams})
 * @param options the output file and progress callback
 * @returns counts of what was written, dropped and skipped
 * @throws {InputError} on a malformed file or bad record (`file:line: …`) unless `skip_invalid`
 * @throws UserError when no session is left to write (and no output file is left)
 * @example
 * ```ts
 * const params = ConvertShareGptParams.parse({ input: "data/ShareGPT", max_sessions: 1000 });
 * const stats = await convertShareGpt(params, { output: "sharegpt_clean.jsonl" });
 * ```
 */
export async function convertShareGpt(
  params: ConvertShareGptParams,
  options: ConvertOptions,
): Promise<ShareGptStats> {
  const started = performance.now();
  const { files, passedOver } = await listDataFiles(params.input, [options.output]);
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const skips = new SkipLog();
  const ids = new UniqueIds();
  const stats: ShareGptStats = {
    ...zeroCounts(),
    input: params.input,
    output: options.output,
    files: [],
    passed_over: passedOver,
    conversations_read: 0,
    dropped: { no_question: 0, too_few_turns: 0, not_sampled: 0 },
    blank_turns_skipped: 0,
    stopped_early: false,
    bytes_read: 0,
  };

  await writeSessionFile(
    options.output,
    async (sink) => {
      const sampler = new Sampler(
        {
          max: params.max_sessions,
          shuffle: params.shuffle,
          seed: params.seed,
          spillDir: dirname(options.output),
        },
        (s) => sink.write({ ...s, session_id: ids.take(s.session_id) }),
      );
      try {
        for (const file of files) {
          if (stats.stopped_early) break;
          const entry = { path: file.path, bytes: file.size, conversations: 0 };
          stats.files.push(entry);
          const stem = fileStem(file.path);
          const report = () =>
            options.onProgress?.({
              file: file.path,
              bytesRead: stats.bytes_read,
              totalBytes,
              sessions: sampler.offered,
            });
          const sourceTail = encoder.encode(`],"source":${JSON.stringify(file.path)}`);
          const records = readShareGptRecords(file.path, {
            skipInvalid: params.skip_invalid,
            onSkip: (e) => skips.add(e),
            onBytes: (n) => {
              stats.bytes_read += n;
              report();
            },
            signal: options.signal,
          });
          const where = { path: file.path, stem, sourceTail };
          reading: for await (const batch of records) {
            for (const rec of batch) {
              const session = recordSession(rec, where, params, stats, entry, skips);
              if (session === undefined) continue;
              const wait = sampler.add(session);
              if (wait) await wait;
              if (sampler.full) {
                stats.stopped_early = true;
                break reading;
              }
            }
          }
        }
        await sampler.finish();
      } catch (error) {
        await sampler.abandon();
        throw error;
      }
      stats.dropped.not_sampled = sampler.offered - sampler.emitted;
    },
    () =>
      emptyError(params.input, stats.conversations_read, "conversation", dropReasons(stats, skips)),
  );

  settleCounts(stats, ids, skips, started);
  return stats;
}

/** Where a record comes from: its file, the file's stem (for ids) and the encoded `source`. */
interface RecordSource {
  path: string;
  stem: string;
  sourceTail: Uint8Array;
}

/**
 * The session a record becomes, counting it in `stats`; undefined when it is dropped or skipped.
 *
 * @throws {InputError} for a record that is not a conversation, unless `skip_invalid`
 */
function recordSession(
  rec: ShareGptRecord,
  where: RecordSource,
  params: ConvertShareGptParams,
  stats: ShareGptStats,
  entry: { conversations: number },
  skips: SkipLog,
): Session | RawSession | undefined {
  const { scanned } = rec;
  const turns = scanned ?? extractTurns(rec.value);
  if (typeof turns === "string") {
    const bad = new InputError(where.path, rec.line, turns);
    if (!params.skip_invalid) throw bad;
    skips.add(bad);
    return undefined;
  }
  entry.conversations++;
  stats.conversations_read++;
  stats.blank_turns_skipped += turns.blank;
  if (turns.user.length === 0) stats.dropped.no_question++;
  else if (turns.user.length < params.min_turns) stats.dropped.too_few_turns++;
  else {
    const id = scanned ? scanned.id : recordId(rec.value as Record<string, unknown>);
    const sessionId = `sharegpt-${id ?? `${where.stem}-${rec.number}`}`;
    if (scanned) return rawSession(sessionId, scanned, where.sourceTail);
    const t = turns as Turns;
    const session: Session = { session_id: sessionId, user_messages: t.user, source: where.path };
    if (t.system !== undefined) session.system = t.system;
    if (t.tools !== undefined) session.tools = t.tools;
    if (t.turns !== undefined) session.turns = t.turns;
    return session;
  }
  return undefined;
}

const encoder = new TextEncoder();
const USER_OPEN = encoder.encode(',"user_messages":[');
const COMMA = encoder.encode(",");
const CLOSE = encoder.encode("}");

/** A scanned conversation as a session line, its user turns copied as they were written. */
function rawSession(id: string, scanned: ScannedConversation, sourceTail: Uint8Array): RawSession {
  const tail: Uint8Array[] = [USER_OPEN];
  for (const [i, text] of scanned.user.entries()) {
    if (i > 0) tail.push(COMMA);
    tail.push(text);
  }
  tail.push(sourceTail);
  if (scanned.system !== undefined) {
    tail.push(encoder.encode(`,"system":${JSON.stringify(scanned.system)}`));
  }
  tail.push(CLOSE);
  return { session_id: id, tail };
}

function dropReasons(stats: ShareGptStats, skips: SkipLog): Record<string, number> {
  return {
    "no question": stats.dropped.no_question,
    "fewer user turns than --min-turns": stats.dropped.too_few_turns,
    "invalid, skipped": skips.count,
  };
}
