/**
 * @module The one terminal renderer of progress: plain lines always, and one live bar per piece
 * of work (a pipeline stage, a command) below them only when stderr is a terminal; elsewhere a
 * plain progress line every 5 s. Used by the pipeline engine and by every command.
 */
import type { Progress } from "./progress.ts";

/** Where run output goes; tests pass their own `write`. */
export interface ReporterOptions {
  /** Receives text (with newlines); default: stderr. */
  write?: (text: string) => void;
  /** Draw live bars (default: when stderr is a terminal). */
  tty?: boolean;
  /** Applied to every line (secret redaction). */
  redact?: (text: string) => string;
}

interface Bar {
  total: number;
  done: number;
  unit: string;
  status: string;
  lastPlain: number;
}

const PLAIN_EVERY_MS = 5000;
const REDRAW_MS = 100;
const encoder = new TextEncoder();

/** Bytes as megabytes with one decimal (a byte bar would be unreadable). */
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * Writes run output: plain lines always, live bars only on a terminal.
 *
 * @example
 * ```ts
 * const reporter = new Reporter();
 * const progress = reporter.progress("convert-sharegpt");
 * progress.total(1e9, "B");
 * progress.advance(4e8, "1,200 sessions");
 * reporter.close();
 * ```
 */
export class Reporter {
  private readonly write: (text: string) => void;
  private readonly tty: boolean;
  private readonly redact: (text: string) => string;
  private readonly bars = new Map<string, Bar>();
  private drawn = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastDraw = 0;

  constructor(opts: ReporterOptions = {}) {
    this.write = opts.write ?? ((t) => void Deno.stderr.writeSync(encoder.encode(t)));
    this.tty = opts.tty ?? Deno.stderr.isTerminal();
    this.redact = opts.redact ?? ((t) => t);
  }

  /** Prints one line (above the bars). */
  line(text: string): void {
    this.above(() => this.write(this.redact(text) + "\n"));
  }

  /** Runs `output` (e.g. a write to stdout, which shares the terminal) with the bars cleared. */
  above(output: () => void): void {
    this.erase();
    try {
      output();
    } finally {
      this.draw();
    }
  }

  /** Prints a labelled log line as `[label] message` (a stage's). */
  log(stage: string, message: string): void {
    for (const l of message.split("\n")) this.line(`[${stage}] ${l}`);
  }

  /** The progress handle of one piece of work (a stage, a command), drawn as `[label] …`. */
  progress(stage: string): Progress {
    const bar = (): Bar => {
      let b = this.bars.get(stage);
      if (!b) {
        this.bars.set(
          stage,
          b = { total: 0, done: 0, unit: "", status: "", lastPlain: Date.now() },
        );
      }
      return b;
    };
    return {
      total: (n, unit) => {
        Object.assign(bar(), { total: n, unit: unit ?? "" });
        this.changed(stage);
      },
      advance: (n, status) => {
        const b = bar();
        b.done += n;
        if (status !== undefined) b.status = status;
        this.changed(stage);
      },
      status: (text) => {
        bar().status = text;
        this.changed(stage);
      },
    };
  }

  /** Removes a label's bar (when its work ends). */
  end(stage: string): void {
    if (!this.bars.delete(stage) || !this.tty) return;
    this.erase();
    this.draw();
  }

  /** Clears the bars and any pending redraw. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.bars.clear();
    this.erase();
  }

  private text(stage: string, b: Bar): string {
    const frac = b.total > 0 ? Math.min(1, b.done / b.total) : 0;
    const [done, total, unitName] = b.unit === "B"
      ? [mb(b.done), mb(b.total), "MB"]
      : [String(b.done), String(b.total), b.unit];
    const count = b.total > 0 ? `${done}/${total}` : done;
    const unit = unitName ? ` ${unitName}` : "";
    const status = b.status ? `  ${b.status}` : "";
    if (!this.tty) {
      return `[${stage}] ${count}${unit}${
        b.total > 0 ? ` (${Math.round(frac * 100)}%)` : ""
      }${status}`;
    }
    const width = 24;
    const fill = Math.round(frac * width);
    return `[${stage}] ${"█".repeat(fill)}${"░".repeat(width - fill)} ${count}${unit}${status}`;
  }

  private changed(stage: string): void {
    const b = this.bars.get(stage)!;
    if (!this.tty) {
      const now = Date.now();
      if (now - b.lastPlain >= PLAIN_EVERY_MS) {
        b.lastPlain = now;
        this.line(this.text(stage, b));
      }
      return;
    }
    if (this.timer !== undefined) return;
    const wait = Math.max(0, REDRAW_MS - (Date.now() - this.lastDraw));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.erase();
      this.draw();
    }, wait);
  }

  private erase(): void {
    if (this.drawn > 0) this.write(`\x1b[${this.drawn}A\r\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (!this.tty || this.bars.size === 0) return;
    const lines = [...this.bars].map(([s, b]) => this.redact(this.text(s, b)).slice(0, 160));
    this.write(lines.join("\n") + "\n");
    this.drawn = lines.length;
    this.lastDraw = Date.now();
  }
}
