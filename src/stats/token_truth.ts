/**
 * @module Sums over a run's records for the token check and the cache truth: the client's prompt
 * counts against the server's, and the expected cached tokens (scaled into server tokens)
 * against the reported ones. The verdicts are made by the caller (src/cache/truth.ts).
 */
import type { RequestRecord } from "../results/record.ts";
import { TOKEN_RATIO_TOLERANCE, type TokenCheck } from "../results/truth.ts";

/** What a run's successful requests add up to. */
export interface TokenSums {
  /** The token check: Σ server / Σ client prompt tokens over requests with both. */
  check: TokenCheck;
  /** Σ expected_cached_tokens in server tokens; null when no record had it. */
  expected: number | null;
  /** Σ cached_tokens; null when the server never reported it. */
  reported: number | null;
  /** Σ output tokens (what an engine that keeps generated tokens may serve on top). */
  output: number;
}

/**
 * Accumulates the token sums of a run's successful requests.
 *
 * Expected cached tokens are counted by the client; when its count of a prompt differs from the
 * server's (`gpt` against a Llama vocabulary), each request's expectation is scaled by its
 * server / client prompt tokens, so the sum compares with the server's `cached_tokens`.
 *
 * @example
 * ```ts
 * const sums = new TokenTruthAccumulator();
 * for (const r of records) sums.add(r);
 * sums.sums().check.ratio; // 1.8 for gpt against a Llama vocabulary
 * ```
 */
export class TokenTruthAccumulator {
  readonly #sources = new Set<string>();
  #both = 0;
  #client = 0;
  #server = 0;
  #expected: number | null = null;
  #reported: number | null = null;
  #output = 0;

  /** Adds one record (ignored unless it succeeded). */
  add(r: RequestRecord): void {
    if (!r.ok) return;
    if (r.token_source !== null) this.#sources.add(r.token_source);
    const client = r.client_prompt_tokens;
    const server = r.prompt_tokens_source === "usage" ? r.prompt_tokens : null;
    if (client !== null && server !== null) {
      this.#both++;
      this.#client += client;
      this.#server += server;
    }
    if (r.expected_cached_tokens !== null) {
      const scale = client !== null && client > 0 && server !== null ? server / client : 1;
      this.#expected = (this.#expected ?? 0) + r.expected_cached_tokens * scale;
    }
    if (r.cached_tokens !== null) this.#reported = (this.#reported ?? 0) + r.cached_tokens;
    this.#output += r.output_tokens;
  }

  /** The sums of everything added. */
  sums(): TokenSums {
    const ratio = this.#both > 0 && this.#client > 0 ? this.#server / this.#client : null;
    const sources = [...this.#sources];
    return {
      check: {
        source: sources.length === 0 ? null : sources.length === 1 ? sources[0] : "mixed",
        requests: this.#both,
        client_prompt_tokens: this.#client,
        server_prompt_tokens: this.#server,
        ratio,
        disagrees: ratio !== null && Math.abs(ratio - 1) > TOKEN_RATIO_TOLERANCE,
      },
      expected: this.#expected === null ? null : Math.round(this.#expected),
      reported: this.#reported,
      output: this.#output,
    };
  }
}
