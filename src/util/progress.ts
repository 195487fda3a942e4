/**
 * @module The one progress interface: what long work (a conversion, a sweep, a stage) reports,
 * and where its log lines go. Domains take it; the pipeline engine and the commands hand them
 * one drawn by the one terminal renderer (`src/util/reporter.ts`).
 */

/** Progress of one piece of long work: a total, advances and a short status. */
export interface Progress {
  /** Sets the total amount of work (e.g. requests or bytes) and its unit. */
  total(n: number, unit?: string): void;
  /** Advances the done count by `n`, with an optional short status text. */
  advance(n: number, status?: string): void;
  /** Replaces the status text. */
  status(text: string): void;
}

/** Receives one log line (no trailing newline). */
export type Log = (message: string) => void;

/**
 * What a domain function that logs and reports progress takes. A pipeline stage's context is
 * one as it is; a command makes one with `withProgress` (`src/cli/progress.ts`).
 */
export interface Reporting {
  log: Log;
  progress: Progress;
}

/** Progress that goes nowhere. */
export const NO_PROGRESS: Progress = { total() {}, advance() {}, status() {} };

/** Reporting that goes nowhere (tests, library use). */
export const SILENT: Reporting = { log() {}, progress: NO_PROGRESS };
