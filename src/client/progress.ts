/** @module Progress of a sweep: a live bar on a terminal, one line per run otherwise. */
import type { TaskContext } from "../pipeline/task.ts";
import type { RunSummary } from "../results/summary.ts";

/** Counts of the run in progress. */
export interface RunCounts {
  done: number;
  total: number;
  inFlight: number;
  errors: number;
  /** Seconds since the run started. */
  elapsedS: number;
}

/** Where the sweep reports its progress (the CLI's stderr, or a pipeline stage's context). */
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
 * Progress on stderr: when stderr is a terminal a bar redrawn at most 10 times a second
 * (done/total, in flight, errors, req/s); otherwise only a line at each run's end.
 */
export function stderrProgress(tty = Deno.stderr.isTerminal()): SweepProgress {
  const enc = new TextEncoder();
  const write = (s: string) => Deno.stderr.writeSync(enc.encode(s));
  let label = "";
  let last = 0;
  return {
    runStart(l) {
      label = l;
      last = 0;
    },
    update(c) {
      const now = performance.now();
      if (!tty || (now - last < 100 && c.done < c.total)) return;
      last = now;
      const width = 24;
      const filled = c.total > 0 ? Math.round((c.done / c.total) * width) : 0;
      const rate = c.elapsedS > 0 ? c.done / c.elapsedS : 0;
      write(
        `\r\x1b[K${label} [${"#".repeat(filled)}${
          ".".repeat(width - filled)
        }] ${c.done}/${c.total}` +
          `  in flight ${c.inFlight}  errors ${c.errors}  ${rate.toFixed(1)} req/s`,
      );
    },
    runEnd(l, summary) {
      write(`${tty ? "\r\x1b[K" : ""}${runLine(l, summary)}\n`);
    },
    log(message) {
      write(`${tty ? "\r\x1b[K" : ""}${message}\n`);
    },
  };
}

/**
 * Progress through a pipeline stage's context: the runner's bar counts requests of the current
 * run, and each run's end is one log line.
 */
export function stageProgress(ctx: Pick<TaskContext, "log" | "progress">): SweepProgress {
  let done = 0;
  return {
    sweepStart: (total) => ctx.progress.total(total, "requests"),
    runStart(label) {
      done = 0;
      ctx.progress.status(label);
    },
    update(c) {
      if (c.done > done) {
        ctx.progress.advance(c.done - done, `in flight ${c.inFlight}, errors ${c.errors}`);
      }
      done = c.done;
    },
    runEnd: (label, summary) => ctx.log(runLine(label, summary)),
    log: (message) => ctx.log(message),
  };
}
