/** @module Convert ShareGPT dumps (a file or nested folders of JSON arrays and JSONL) into sessions. */
import { dirname } from "node:path";
import { z } from "zod";
import { InputError } from "../util/errors.ts";
import type { ReadProgress } from "./progress.ts";
import { readRecords } from "./records.ts";
import { Sampler } from "./sampler.ts";
import type { Session } from "./session.ts";
import { writeSessionFile } from "./session_writer.ts";
import { extractTurns, recordId } from "./shapes.ts";
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
          const records = readRecords(file.path, {
            skipInvalid: params.skip_invalid,
            onSkip: (e) => skips.add(e),
            onBytes: (n) => {
              stats.bytes_read += n;
              report();
            },
            signal: options.signal,
          });
          for await (const rec of records) {
            const turns = extractTurns(rec.value);
            if (typeof turns === "string") {
              const bad = new InputError(file.path, rec.line, turns);
              if (!params.skip_invalid) throw bad;
              skips.add(bad);
              continue;
            }
            entry.conversations++;
            stats.conversations_read++;
            stats.blank_turns_skipped += turns.blank;
            if (turns.user.length === 0) stats.dropped.no_question++;
            else if (turns.user.length < params.min_turns) stats.dropped.too_few_turns++;
            else {
              const id = recordId(rec.value as Record<string, unknown>) ?? `${stem}-${rec.number}`;
              const session: Session = {
                session_id: `sharegpt-${id}`,
                user_messages: turns.user,
                source: file.path,
              };
              if (turns.system !== undefined) session.system = turns.system;
              await sampler.add(session);
              if (sampler.full) {
                stats.stopped_early = true;
                break;
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

function dropReasons(stats: ShareGptStats, skips: SkipLog): Record<string, number> {
  return {
    "no question": stats.dropped.no_question,
    "fewer user turns than --min-turns": stats.dropped.too_few_turns,
    "invalid, skipped": skips.count,
  };
}
