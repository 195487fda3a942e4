/** @module Merge session files into one with unique ids, per-source limits and a seeded shuffle. */
import { dirname } from "node:path";
import { z } from "zod";
import { Reservoir, seededRandom } from "../io/random.ts";
import { readSessions } from "./reader.ts";
import { Sampler } from "./sampler.ts";
import type { Session } from "./session.ts";
import { writeSessionFile } from "./session_writer.ts";
import { type ConversionCounts, emptyError, settleCounts, SkipLog, zeroCounts } from "./summary.ts";
import { fileStem, UniqueIds } from "./unique_ids.ts";

/** Parameters of `merge` (the stage's `with:` block; the CLI maps its arguments here). */
export const MergeParams = z.object({
  /** Session files: a list of paths, or `{ name: path }` to name each source. */
  inputs: z.union([
    z.array(z.string().min(1)).min(1),
    z.record(z.string().min(1), z.string().min(1)),
  ]),
  /** Write the merged sessions in a seeded random order. */
  shuffle: z.boolean().default(false),
  seed: z.number().int().default(0),
  /** Take at most this many sessions from each source (a seeded random pick with `shuffle`). */
  limit_per_source: z.number().int().positive().optional(),
  /** Count and pass over bad records instead of failing. */
  skip_invalid: z.boolean().default(false),
});
/** Parameters of `merge`. */
export type MergeParams = z.infer<typeof MergeParams>;

/** Counts for one merged source. */
export interface MergeSourceStats {
  name: string;
  path: string;
  read: number;
  taken: number;
}

/** What a merge did (written as stats.json by the stage). */
export interface MergeStats extends ConversionCounts {
  output: string;
  sources: MergeSourceStats[];
}

/**
 * Names each input: given names, else file stems made unique (`sessions`, `sessions-2`).
 *
 * @param inputs paths, or a record of name → path
 * @returns name/path pairs in input order
 */
export function nameSources(inputs: MergeParams["inputs"]): { name: string; path: string }[] {
  if (!Array.isArray(inputs)) return Object.entries(inputs).map(([name, path]) => ({ name, path }));
  const names = new UniqueIds();
  return inputs.map((path) => ({ name: names.take(fileStem(path)), path }));
}

/**
 * Merges session files into `output`. The first session with an id keeps it; a later one with the
 * same id becomes `<source name>-<id>` (then `-2`, `-3`, … if still taken).
 *
 * @param params inputs and how to pick (see {@linkcode MergeParams})
 * @param options the output file
 * @throws {InputError} on a bad record (`file:line: …`) unless `skip_invalid`
 * @throws {UserError} when nothing is left to write
 * @example
 * ```ts
 * await mergeSessions(MergeParams.parse({ inputs: ["a.jsonl", "b.jsonl"] }), { output: "all.jsonl" });
 * ```
 */
export async function mergeSessions(
  params: MergeParams,
  options: { output: string; signal?: AbortSignal },
): Promise<MergeStats> {
  const sources = nameSources(params.inputs);
  const skips = new SkipLog();
  const ids = new UniqueIds();
  const random = seededRandom(params.seed);
  const limit = params.limit_per_source;
  const started = performance.now();
  const stats: MergeStats = { ...zeroCounts(), output: options.output, sources: [] };
  await writeSessionFile(options.output, async (sink) => {
    const sampler = new Sampler(
      { shuffle: params.shuffle, seed: params.seed, spillDir: dirname(options.output) },
      (s) => sink.write(s),
    );
    try {
      for (const { name, path } of sources) {
        const entry: MergeSourceStats = { name, path, read: 0, taken: 0 };
        stats.sources.push(entry);
        const pick = params.shuffle && limit !== undefined
          ? new Reservoir<Session>(limit, random)
          : null;
        const take = (s: Session) => {
          entry.taken++;
          return sampler.add({ ...s, session_id: ids.take(s.session_id, name) });
        };
        const sessions = readSessions(path, {
          skipInvalid: params.skip_invalid,
          onSkip: (e) => skips.add(e),
          signal: options.signal,
        });
        for await (const session of sessions) {
          entry.read++;
          if (pick) pick.offer(session);
          else if (limit === undefined || entry.taken < limit) await take(session);
          else break;
        }
        for (const session of pick?.take() ?? []) await take(session);
      }
      await sampler.finish();
    } catch (error) {
      await sampler.abandon();
      throw error;
    }
  }, () =>
    emptyError(sources.map((s) => s.path).join(", "), 0, "session", {
      "invalid, skipped": skips.count,
    }));
  settleCounts(stats, ids, skips, started);
  return stats;
}
