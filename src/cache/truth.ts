/** @module Cache truth for one run: expected, reported and scraped cached tokens side by side, and the efficiency. */

/** The three numbers of a run and what they say. */
export interface CacheTruth {
  /** Σ expected_cached_tokens (client, ideal cache). */
  expected: number;
  /** Σ cached_tokens the server reported in usage; null when it never did. */
  reported: number | null;
  /** Δ of the profile's cached-tokens counter; null when not scraped. */
  scraped: number | null;
  /** reported / expected; null when either is missing or nothing was expected. */
  efficiency: number | null;
  /**
   * `agree` within the tolerance; `below` (eviction or a missed hit); `above` (a cache the client
   * did not know about); null when there is nothing to compare.
   */
  verdict: "agree" | "below" | "above" | null;
}

/**
 * Puts a run's numbers side by side.
 *
 * @param tolerance relative difference still called agreement, default 2%
 * @param allowance tokens reported may exceed expected by and still agree: the output tokens of
 *   earlier turns, for an engine that keeps generated tokens in its cache too (llama.cpp's slot,
 *   vLLM's and SGLang's blocks), which the client's expectation (prompts only) does not hold
 * @example
 * ```ts
 * cacheTruth(1000, 600, 610).verdict; // "below"
 * ```
 */
export function cacheTruth(
  expected: number,
  reported: number | null,
  scraped: number | null,
  tolerance = 0.02,
  allowance = 0,
): CacheTruth {
  const efficiency = reported !== null && expected > 0 ? reported / expected : null;
  let verdict: CacheTruth["verdict"] = null;
  if (reported !== null) {
    const diff = reported - expected;
    const room = tolerance * Math.max(expected, 1);
    verdict = Math.abs(diff) <= room || (diff > 0 && diff <= allowance + room)
      ? "agree"
      : diff < 0
      ? "below"
      : "above";
  }
  return { expected, reported, scraped, efficiency, verdict };
}
