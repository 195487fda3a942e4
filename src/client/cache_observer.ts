/**
 * @module What the client expects of the server's prefix cache, request by request, and the check
 * of each cache reset: a pure stateful class the turn runner feeds (no clock, no network).
 *
 * Before each request the prompt's token ids go into an `ExpectedCache` (src/cache/expected.ts):
 * its answer is the record's `expected_cached_tokens`. A reset of the server's cache resets it
 * too and arms the reset check: the first turn of every session in the run that follows may hit
 * only what other sessions have sent since (read when its answer arrives, so prompts sent in the
 * meantime count); `takeResetCheck` judges those turns (src/cache/reset_check.ts).
 */
import { ExpectedCache } from "../cache/expected.ts";
import { checkReset, type FirstTurn, type ResetVerdict } from "../cache/reset_check.ts";

/** What the runner tells the observer when an answer arrives. */
export interface ObservedAnswer {
  sessionId: string;
  turnIndex: number;
  /** The prompt's ids, as given to `beforeSend`. */
  ids: readonly number[];
  ok: boolean;
  /** The prompt as the client counted it. */
  clientPromptTokens: number;
  /** The server's usage, when it gave it. */
  serverPromptTokens: number | null;
  cachedTokens: number | null;
}

/**
 * Expected-cache bookkeeping for one sweep against one server (see the module comment).
 *
 * @example
 * ```ts
 * const cache = new CacheObserver(16);
 * cache.reset();
 * const expected = cache.beforeSend("s1", plan.ids);
 * cache.afterAnswer({ sessionId: "s1", turnIndex: 0, ids: plan.ids, ok: true, … });
 * cache.takeResetCheck(); // { cleared: true, … }
 * ```
 */
export class CacheObserver {
  readonly blockSize: number;
  readonly #expected: ExpectedCache;
  #armed = false;
  #firstTurns: FirstTurn[] = [];

  /** @param blockSize the server's cache block size (profile or `cache_block_size`) */
  constructor(blockSize: number) {
    this.blockSize = blockSize;
    this.#expected = new ExpectedCache(blockSize);
  }

  /** The server's cache was reset: forget every prompt and judge the next run's first turns. */
  reset(): void {
    this.#expected.reset();
    this.#armed = true;
    this.#firstTurns = [];
  }

  /** Records a prompt about to be sent; returns its expected cached tokens. */
  beforeSend(sessionId: string, ids: readonly number[]): number {
    return this.#expected.expect(ids, sessionId);
  }

  /** Takes in an answer: a successful first turn after a reset is kept for the reset check. */
  afterAnswer(a: ObservedAnswer): void {
    if (!this.#armed || a.turnIndex !== 0 || !a.ok) return;
    this.#firstTurns.push({
      allowedTokens: this.#expected.sharedWithOthers(a.ids, a.sessionId),
      clientPromptTokens: a.clientPromptTokens,
      reportedCachedTokens: a.cachedTokens,
      serverPromptTokens: a.serverPromptTokens,
    });
  }

  /**
   * The verdict on the first turns since the last reset, and disarms the check (a later run
   * without a reset is not judged); null when no reset preceded.
   */
  takeResetCheck(): ResetVerdict | null {
    if (!this.#armed) return null;
    const verdict = checkReset(this.#firstTurns, this.blockSize);
    this.#armed = false;
    this.#firstTurns = [];
    return verdict;
  }
}
