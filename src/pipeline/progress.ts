/** @module stderr output of a run: a line per stage event, prefixed logs, and progress bars. */
import type { StageProgress } from "./task.ts";

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

/** Writes run output: plain lines always, live bars only on a terminal. */
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
    this.erase();
    this.write(this.redact(text) + "\n");
    this.draw();
  }

  /** Prints a stage's log line as `[stage] message`. */
  log(stage: string, message: string): void {
    for (const l of message.split("\n")) this.line(`[${stage}] ${l}`);
  }

  /** The progress handle given to a stage. */
  progress(stage: string): StageProgress {
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

  /** Removes a stage's bar (when it ends). */
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
    const count = b.total > 0 ? `${b.done}/${b.total}` : `${b.done}`;
    const unit = b.unit ? ` ${b.unit}` : "";
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
