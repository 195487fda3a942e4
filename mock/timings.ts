/** @module What the mock records about each chat completion (`GET /mock/timings`). */

/** Epoch milliseconds with sub-millisecond precision. */
export const epochMs = (perfNow: number = performance.now()): number =>
  performance.timeOrigin + perfNow;

/**
 * One request as the mock served it. Times are epoch ms (sub-ms precision); targets are what the
 * mock aimed for, so `first_content_at − received_at − target_ttft_ms` is its scheduling error.
 */
export interface MockTiming {
  /** The `x-request-id` header when sent, else the completion id. */
  id: string;
  received_at: number;
  /** When the first content chunk was handed to the connection (null: never). */
  first_content_at: number | null;
  /** When the response ended, completed or not (null: still running). */
  done_at: number | null;
  prompt_tokens: number;
  cached_tokens: number;
  /** Content tokens actually sent. */
  output_tokens: number;
  /**
   * Planned time from receipt to first content: `admission_ms` + `model_ttft_ms` (0 plus the
   * slow-start fault for a request never admitted).
   */
  target_ttft_ms: number;
  /** Planned gap between content tokens (with the load factor). */
  target_itl_ms: number;
  /** Extra: time spent waiting for a running slot. */
  queue_ms: number;
  /** Extra: `ok`, `error` (an error status was answered), `aborted` (fault) or `cancelled` (client left). */
  outcome: "running" | "ok" | "error" | "aborted" | "cancelled";
  /** Extra: the HTTP status answered. */
  status: number;
  /** Extra: mean lateness of the content tokens against their deadlines (ms; < 0 = early). */
  late_ms_mean: number;
  /** Extra: when the request got its running slot (null: never admitted). */
  admitted_at: number | null;
  /**
   * Extra: time from receipt to admission — slow-start fault, reading and validating the body,
   * counting the prompt's tokens, the cache lookup and the queue wait (`queue_ms`). Not part of
   * the latency model.
   */
  admission_ms: number;
  /**
   * Extra: the latency model's TTFT, from admission to the first content token's deadline:
   * (`ttft_ms` + `prefill_ms_per_token` × uncached + `cached_ms_per_token` × cached) × load, plus
   * the first token's jitter (never below 0). Computed, never measured, so it holds exactly.
   */
  model_ttft_ms: number;
}

/** A ring buffer of the last `capacity` timings. */
export class TimingLog {
  #items: MockTiming[] = [];
  #next = 0;

  constructor(readonly capacity: number) {}

  /** Adds a timing (kept by reference: later updates to it show up). */
  add(t: MockTiming): void {
    if (this.#items.length < this.capacity) this.#items.push(t);
    else this.#items[this.#next] = t;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** The kept timings, oldest first. */
  list(): MockTiming[] {
    if (this.#items.length < this.capacity) return [...this.#items];
    return [...this.#items.slice(this.#next), ...this.#items.slice(0, this.#next)];
  }

  /** Forgets every timing. */
  clear(): void {
    this.#items = [];
    this.#next = 0;
  }
}
