/** @module Counting what converters skip and drop, and saying it in one-line summaries. */
import type { InputError } from "../util/errors.ts";
import { UserError } from "../util/errors.ts";
import type { UniqueIds } from "./unique_ids.ts";

/** How many example messages of skipped records are kept for the summary. */
const EXAMPLES = 5;

/** Counts records skipped under `--skip-invalid`, keeping the first few messages. */
export class SkipLog {
  count = 0;
  examples: string[] = [];

  /** Records one skipped record. */
  add(error: InputError): void {
    this.count++;
    if (this.examples.length < EXAMPLES) this.examples.push(error.message);
  }
}

/** `1 session`, `1,234 sessions`. */
export function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}

/** `no question: 3, too short: 1` for the non-zero counts, or "" when all are zero. */
export function reasonsText(reasons: Record<string, number>): string {
  return Object.entries(reasons)
    .filter(([, n]) => n > 0)
    .map(([why, n]) => `${why}: ${n.toLocaleString("en-US")}`)
    .join(", ");
}

/**
 * The error for a conversion that would write nothing.
 *
 * @param input what was read
 * @param read how many records were read
 * @param noun what a record is called (`conversation`, `sample`)
 * @param reasons why records were dropped, by reason
 */
export function emptyError(
  input: string,
  read: number,
  noun: string,
  reasons: Record<string, number>,
): UserError {
  const why = reasonsText(reasons);
  return new UserError(
    read === 0 && why === ""
      ? `No sessions to write: no ${noun}s found in "${input}"`
      : `No sessions to write: ${plural(read, noun)} read from "${input}", none kept${
        why ? ` (${why})` : ""
      }`,
  );
}

/** Lines describing records skipped as invalid (empty when none were). */
export function skippedLines(count: number, examples: string[]): string[] {
  if (count === 0) return [];
  return [
    `skipped ${plural(count, "invalid record")} (--skip-invalid):`,
    ...examples.map((e) => `  ${e}`),
    ...(count > examples.length ? [`  … and ${count - examples.length} more`] : []),
  ];
}

/** Counts every conversion reports (converters and merge), filled in by {@linkcode settleCounts}. */
export interface ConversionCounts {
  sessions_written: number;
  /** Session ids changed to stay unique. */
  ids_renamed: number;
  invalid_skipped: number;
  /** The first few skipped records' messages. */
  invalid_examples: string[];
  seconds: number;
}

/** Zeroed {@linkcode ConversionCounts}, to spread into a stats object. */
export function zeroCounts(): ConversionCounts {
  return {
    sessions_written: 0,
    ids_renamed: 0,
    invalid_skipped: 0,
    invalid_examples: [],
    seconds: 0,
  };
}

/**
 * Fills the shared counts at the end of a conversion.
 *
 * @param stats the stats object to complete
 * @param ids the id allocator used for written sessions
 * @param skips the log of skipped records
 * @param started `performance.now()` when the conversion began
 */
export function settleCounts(
  stats: ConversionCounts,
  ids: UniqueIds,
  skips: SkipLog,
  started: number,
): void {
  stats.sessions_written = ids.size;
  stats.ids_renamed = ids.renamed;
  stats.invalid_skipped = skips.count;
  stats.invalid_examples = skips.examples;
  stats.seconds = (performance.now() - started) / 1000;
}
