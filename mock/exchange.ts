/** @module One admitted request's bookkeeping: its timing record, metrics and running slot. */
import type { MockEngine } from "./engine.ts";
import type { FinishReason } from "./metrics.ts";
import type { Schedule } from "./schedule.ts";
import { epochMs, type MockTiming } from "./timings.ts";

/** What a finished response reports: how it ended. */
export type Outcome = "ok" | "aborted" | "cancelled";

/**
 * Tracks one admitted request from its slot to its end. `finish` runs once, whatever ends the
 * request (completion, abort fault, client gone, mock closed).
 */
export class Exchange {
  #kv: number;
  #done = false;
  #firstPerf: number | null = null;
  #lateSum = 0;

  constructor(
    readonly engine: MockEngine,
    readonly timing: MockTiming,
    readonly schedule: Schedule,
    /** Tokens to generate. */
    readonly length: number,
    readonly finishReason: "stop" | "length",
    readonly receivedPerf: number,
    private readonly release: () => void,
  ) {
    this.#kv = timing.prompt_tokens;
    engine.kvTokens += this.#kv;
  }

  /** Whether `finish` has run. */
  get done(): boolean {
    return this.#done;
  }

  /**
   * Counts `count` content tokens handed to the connection at `perfNow`; `dueSum` is the sum of
   * their deadlines (for the lateness figures).
   */
  sent(count: number, perfNow: number, dueSum: number): void {
    if (count <= 0) return;
    this.#lateSum += count * perfNow - dueSum;
    this.timing.late_ms_mean = this.#lateSum / (this.timing.output_tokens + count);
    if (this.#firstPerf === null) {
      this.#firstPerf = perfNow;
      this.timing.first_content_at = epochMs(perfNow);
      this.engine.metrics.ttft.observe((perfNow - this.receivedPerf) / 1000);
    }
    this.timing.output_tokens += count;
    this.engine.metrics.generationTokens += count;
    this.engine.kvTokens += count;
    this.#kv += count;
  }

  /** Ends the request: records the outcome, updates metrics, gives the slot back. */
  finish(outcome: Outcome): void {
    if (this.#done) return;
    this.#done = true;
    const now = performance.now();
    const t = this.timing;
    t.done_at = epochMs(now);
    t.outcome = outcome;
    const m = this.engine.metrics;
    const reason: FinishReason = outcome === "ok" ? this.finishReason : "abort";
    m.success[reason]++;
    m.e2e.observe((now - this.receivedPerf) / 1000);
    if (this.#firstPerf !== null && t.output_tokens > 1) {
      m.itl.observe((now - this.#firstPerf) / 1000 / (t.output_tokens - 1));
    }
    this.engine.kvTokens -= this.#kv;
    this.release();
  }
}
