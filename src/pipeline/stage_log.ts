/** @module Per-stage bookkeeping of a run: the reports, and the one way a stage starts, ends or fails. */
import type { Reporter } from "../util/reporter.ts";
import type { StageReport, StageStatus } from "./stage_report.ts";

/** The message of an error, or the thrown value as text. */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A duration for humans: `250ms`, `3.4s`. */
export const secs = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;

/** How a failure is told: the verb, whether to say how long it ran, where output was kept. */
export interface FailureOptions {
  /** `failed` (default) or e.g. `failed to start`. */
  verb?: string;
  /** Sets `duration_ms`; shown as `failed after 1.2s` when `showDuration`. */
  durationMs?: number;
  showDuration?: boolean;
  /** Where the partial output was kept (`failed_dir`). */
  keptIn?: string;
}

/** The reports of every stage in a run, and the lines the run prints about them. */
export class StageLog {
  readonly reports: Record<string, StageReport> = {};

  /**
   * @param reporter where lines go
   * @param onFailure called once per failed stage (the runner stops the run unless `-k`)
   */
  constructor(
    private readonly reporter: Reporter,
    private readonly onFailure: (name: string) => void,
  ) {}

  /** The report of a stage. */
  of(name: string): StageReport {
    return this.reports[name];
  }

  /** Prints one line. */
  line(text: string): void {
    this.reporter.line(text);
  }

  /** Marks a stage started now, printing `▶ name (why)`. */
  started(name: string, what: string): void {
    this.reports[name].started_at = new Date().toISOString();
    this.line(`▶ ${name} ${what}`);
  }

  /** Records a stage's successful end (`cached` or `ran`) with its duration and a line. */
  finished(name: string, status: StageStatus, durationMs: number, line: string): void {
    Object.assign(this.reports[name], { status, duration_ms: Math.round(durationMs) });
    this.line(line);
  }

  /**
   * Records a failure once: status, error, duration, kept output, one `✗` line, and tells the
   * runner. A stage already failed stays as it was.
   *
   * @returns false, so callers can `return log.fail(…)`
   */
  fail(name: string, error: unknown, opts: FailureOptions = {}): false {
    const report = this.reports[name];
    if (report.status === "failed") return false;
    const message = errorText(error);
    Object.assign(report, { status: "failed", error: message });
    if (opts.durationMs !== undefined) report.duration_ms = Math.round(opts.durationMs);
    if (opts.keptIn) report.failed_dir = opts.keptIn;
    const after = opts.showDuration && opts.durationMs !== undefined
      ? ` after ${secs(Math.round(opts.durationMs))}`
      : "";
    const kept = opts.keptIn ? ` (partial output kept in ${opts.keptIn})` : "";
    this.line(`✗ ${name} ${opts.verb ?? "failed"}${after}: ${message}${kept}`);
    this.onFailure(name);
    return false;
  }
}
