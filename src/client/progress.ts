/** @module What a sweep reports as it runs, and its adapter to the one progress interface. */
import type { RunSummary } from "../results/summary.ts";
import type { Reporting } from "../util/progress.ts";

/** Counts of the run in progress. */
export interface RunCounts {
  done: number;
  total: number;
  inFlight: number;
  errors: number;
  /** Seconds since the run started. */
  elapsedS: number;
}

/** What the sweep reports as it runs; {@linkcode sweepProgress} draws it on a `Reporting`. */
export interface SweepProgress {
  /** Called once before the first run with the number of requests of the whole sweep. */
  sweepStart?(totalRequests: number): void;
  runStart(label: string, total: number): void;
  /** Called after every request is sent or finishes. */
  update(counts: RunCounts): void;
  runEnd(label: string, summary: RunSummary): void;
  /** One log line (warnings, resets, skipped records). */
  log(message: string): void;
}

/**
 * Describes a finished run in one line.
 *
 * @example
 * ```ts
 * runLine("round1_conc2", summary); // "round1_conc2: 8/8 ok, 3.12 req/s, TTFT p50 41.2 ms, 2.6 s"
 * ```
 */
export function runLine(label: string, s: RunSummary): string {
  const errors = Object.entries(s.errors).map(([k, n]) => `${k} ${n}`).join(", ");
  const ttft = s.ttft_ms ? `, TTFT p50 ${s.ttft_ms.p50.toFixed(1)} ms` : "";
  return `${label}: ${s.requests.ok}/${s.requests.total} ok${errors ? ` (${errors})` : ""}, ` +
    `${s.throughput.requests_per_s.toFixed(2)} req/s${ttft}, ${s.duration_s.toFixed(2)} s` +
    (s.complete ? "" : " (interrupted)");
}

/**
 * Adapts a sweep's progress to a {@linkcode Reporting} (a stage's context, or a command's
 * stderr): one bar counting the requests of the whole sweep, its status the run in progress
 * with its in-flight and error counts, and each run's end as one log line ({@linkcode runLine}).
 *
 * @param out where the progress and log lines go
 * @example
 * ```ts
 * await runSweep(options, { outDir, progress: sweepProgress(ctx) });
 * ```
 */
export function sweepProgress(out: Reporting): SweepProgress {
  let label = "";
  let done = 0;
  return {
    sweepStart: (total) => out.progress.total(total, "requests"),
    runStart(l) {
      label = l;
      done = 0;
      out.progress.status(label);
    },
    update(c) {
      if (c.done > done) {
        out.progress.advance(
          c.done - done,
          `${label}: in flight ${c.inFlight}, errors ${c.errors}`,
        );
      }
      done = c.done;
    },
    runEnd: (l, summary) => out.log(runLine(l, summary)),
    log: (message) => out.log(message),
  };
}
