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
 * Deadlines of one response: token 0 at `admittedAt + ttft`, token i at `firstAt + i·itl`
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
  /** Deadline of the first content token. */
  readonly firstAt: number;
  readonly #base: number;
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
    this.#base = input.admittedAt + this.ttftMs;
    this.#jitterMs = latency.jitter_ms;
    this.firstAt = this.at(0);
  }

  /** Deadline of token `i` (`performance.now()` ms); `i` never below the last one asked. */
  at(i: number): number {
    while (this.#index < i) {
      this.#index++;
      const k = this.#index;
      const jitter = this.#jitterMs === 0 ? 0 : (this.rng.next() * 2 - 1) * this.#jitterMs;
      const planned = this.#base + k * this.itlMs + (k >= 1 ? this.input.stallMs : 0) + jitter;
      this.#value = Math.max(this.#value, this.input.admittedAt, planned);
    }
    return this.#value;
  }
}
