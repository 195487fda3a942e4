/** @module When each token of one response is due: absolute deadlines, never accumulated delays. */
import type { MockConfig } from "./config.ts";
import type { Rng } from "./rng.ts";

/** The inputs of one response's timing plan. */
export interface ScheduleInput {
  /** When the request got its running slot (`performance.now()` ms). */
  admittedAt: number;
  promptTokens: number;
  cachedTokens: number;
  /** Requests running including this one (drives the load factor). */
  running: number;
  /** Extra pause after the first content token (stall fault). */
  stallMs: number;
}

/**
 * Deadlines of one response, all measured from admission (time spent before it — parsing,
 * counting, queueing — is not part of the latency model): token 0 at `admittedAt + ttft`, token i at `firstAt + i·itl`
 * (+ the stall for i ≥ 1), each with its own jitter, never earlier than the one before. Ask for
 * indexes in increasing order.
 *
 * @example
 * ```ts
 * const s = new Schedule(config.latency, rng, { admittedAt: 0, promptTokens: 100, cachedTokens: 0, running: 1, stallMs: 0 });
 * s.at(0); // ttft_ms + 100 × prefill_ms_per_token
 * ```
 */
export class Schedule {
  /** Planned time to first token from admission (load factor applied, before jitter). */
  readonly ttftMs: number;
  /** Planned inter-token latency (load factor applied). */
  readonly itlMs: number;
  /**
   * Time from admission to the first content token's deadline: `ttftMs` plus that token's jitter
   * (never below 0). Exact, not a difference of clock readings.
   */
  readonly firstDelayMs: number;
  /** Deadline of the first content token. */
  readonly firstAt: number;
  readonly #jitterMs: number;
  #index = -1;
  #value = -Infinity;

  constructor(
    latency: MockConfig["latency"],
    private readonly rng: Rng,
    private readonly input: ScheduleInput,
  ) {
    const factor = 1 + latency.load_factor * Math.max(0, input.running - 1);
    const uncached = input.promptTokens - input.cachedTokens;
    this.ttftMs = factor * (latency.ttft_ms + latency.prefill_ms_per_token * uncached +
      latency.cached_ms_per_token * input.cachedTokens);
    this.itlMs = factor * latency.itl_ms;
    this.#jitterMs = latency.jitter_ms;
    this.firstDelayMs = this.#offset(0);
    this.firstAt = input.admittedAt + this.firstDelayMs;
  }

  /** Deadline of token `i` (`performance.now()` ms); `i` never below the last one asked. */
  at(i: number): number {
    return this.input.admittedAt + this.#offset(i);
  }

  /** Token `i`'s deadline relative to admission. */
  #offset(i: number): number {
    while (this.#index < i) {
      this.#index++;
      const k = this.#index;
      const jitter = this.#jitterMs === 0 ? 0 : (this.rng.next() * 2 - 1) * this.#jitterMs;
      const planned = this.ttftMs + k * this.itlMs + (k >= 1 ? this.input.stallMs : 0) + jitter;
      this.#value = Math.max(this.#value, 0, planned);
    }
    return this.#value;
  }
}
