/**
 * @module The reset check: after a cache reset, a session's first turn may hit only on what other
 * sessions have sent since (a shared system prompt). More than that means the reset did not
 * clear the cache (llama.cpp's host-memory prompt cache survives `/slots/N?action=erase`).
 *
 * Inputs are per first turn: what `ExpectedCache.sharedWithOthers` allowed (client tokens, read
 * when the answer arrived so concurrent prompts count) and what the server reported. When the
 * client counts with another vocabulary than the server (`gpt` against a Llama), the allowance is
 * scaled by the server's / client's prompt tokens of that request. The verdict is on the sum, with
 * a slack of one block per request plus `tolerance` of the prompt, so one stray token never fails a
 * sweep.
 */

/** One first turn after a reset. */
export interface FirstTurn {
  /** Prefix other sessions had sent, client tokens (`ExpectedCache.sharedWithOthers`). */
  allowedTokens: number;
  /** The prompt as the client counted it. */
  clientPromptTokens: number;
  /** The server's `cached_tokens`; null when it did not say. */
  reportedCachedTokens: number | null;
  /** The server's `prompt_tokens`; null when it did not say. */
  serverPromptTokens: number | null;
}

/** What the check found. */
export interface ResetVerdict {
  /** True: the cache was cold; false: it served more than allowed; null: nothing to judge. */
  cleared: boolean | null;
  /** First turns judged (those with a reported cached_tokens). */
  judged: number;
  /** First turns that hit more than allowed (plus slack). */
  overHits: number;
  /** Cached tokens beyond the allowance, summed (server tokens). */
  excessTokens: number;
  /** Σ reported cached / Σ server prompt tokens over judged turns (0–1). */
  reportedShare: number;
  /** Σ allowed (scaled) / Σ server prompt tokens (0–1). */
  allowedShare: number;
}

/**
 * Judges the first turns after one reset (see the module comment).
 *
 * @param blockSize the cache block size (slack per request)
 * @param tolerance share of each prompt forgiven, default 2%
 * @example
 * ```ts
 * checkReset([{ allowedTokens: 0, clientPromptTokens: 100, reportedCachedTokens: 95, serverPromptTokens: 100 }], 1);
 * // { cleared: false, overHits: 1, excessTokens: 95, … }
 * ```
 */
export function checkReset(
  turns: readonly FirstTurn[],
  blockSize: number,
  tolerance = 0.02,
): ResetVerdict {
  let judged = 0;
  let overHits = 0;
  let excess = 0;
  let reported = 0;
  let allowed = 0;
  let prompt = 0;
  let slack = 0;
  for (const t of turns) {
    if (t.reportedCachedTokens === null) continue;
    const serverPrompt = t.serverPromptTokens ?? t.clientPromptTokens;
    const scale = t.clientPromptTokens > 0 ? serverPrompt / t.clientPromptTokens : 1;
    const allow = t.allowedTokens * scale;
    const give = blockSize + tolerance * serverPrompt;
    const over = t.reportedCachedTokens - allow;
    judged++;
    if (over > give) overHits++;
    if (over > 0) excess += over;
    reported += t.reportedCachedTokens;
    allowed += allow;
    prompt += serverPrompt;
    slack += give;
  }
  return {
    cleared: judged === 0 ? null : excess <= slack,
    judged,
    overHits,
    excessTokens: Math.round(excess),
    reportedShare: prompt > 0 ? reported / prompt : 0,
    allowedShare: prompt > 0 ? allowed / prompt : 0,
  };
}
