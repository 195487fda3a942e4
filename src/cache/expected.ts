/**
 * @module What the client expects the server's prefix cache to hold: fed every prompt's token ids
 * since the last reset, it answers the longest prefix each new prompt shares with an earlier one.
 *
 * Engines reuse whole KV blocks keyed by chained hashes (vLLM: 16 tokens; SGLang and llama.cpp
 * reuse any token prefix: block 1). This class keeps the same hashes for every prompt it has
 * seen, so "shared prefix" means equal token ids, never equal strings, and it costs one hash per
 * block and one set lookup per block. Like the engines, it leaves at least one prompt token to
 * compute: a prompt seen before in full expects its length − 1, rounded down to a block.
 *
 * The cache it models never evicts: `expected_cached_tokens` is what an ideal cache would serve.
 * Reported below it means eviction or a missed hit; above it, a cache the client did not know of
 * (a reset that did not clear, generated tokens kept, another client).
 *
 * Every block also remembers which session put it there first and whether another did too, so
 * `sharedWithOthers` can say how much of a prompt other sessions also sent: after a reset, that
 * is all a session's first turn may hit (a shared system prompt, say). See reset_check.ts.
 */
import { chainedBlockHashes } from "./block_hash.ts";

/** Owner mark of a block sent by two or more sessions. */
const SHARED = -1;

/** What one prompt expects. */
export interface ExpectedHit {
  /** Longest prefix shared with any earlier prompt, in whole blocks, at most length − 1. */
  expectedCachedTokens: number;
  /** The same, counting only prompts of other sessions. */
  sharedWithOthers: number;
  /** The prompt's length in tokens. */
  promptTokens: number;
}

/**
 * Expected-cache bookkeeping for one server (see the module comment). Pure: no clock, no I/O.
 *
 * @example
 * ```ts
 * const cache = new ExpectedCache(16);
 * cache.observe(systemAndQuestion1, "s1").expectedCachedTokens; // 0
 * cache.observe(systemAndQuestion2, "s2").expectedCachedTokens; // the shared system prompt, in blocks
 * ```
 */
export class ExpectedCache {
  /** Tokens per block. */
  readonly blockSize: number;
  /** Block hash → owning session number, or SHARED. */
  readonly #owners = new Map<number, number>();
  readonly #sessions = new Map<string, number>();
  readonly #scratch: number[] = [];

  /** @param blockSize tokens per cache block (the server profile's, or `cache_block_size`) */
  constructor(blockSize: number) {
    if (!Number.isInteger(blockSize) || blockSize < 1) {
      throw new RangeError(`Cannot use cache block size "${blockSize}": expected an integer ≥ 1`);
    }
    this.blockSize = blockSize;
  }

  /** Number of distinct blocks held. */
  get blocks(): number {
    return this.#owners.size;
  }

  /**
   * Looks a prompt up, then remembers its blocks as sent by `sessionId`.
   *
   * @param ids the prompt's token ids, as the server will see them
   * @param sessionId the conversation it belongs to
   */
  observe(ids: ArrayLike<number>, sessionId: string): ExpectedHit {
    const me = this.#session(sessionId);
    const hashes = chainedBlockHashes(ids, this.blockSize, this.#scratch);
    const hit = this.#lookup(hashes, ids.length, me);
    this.#remember(hashes, me);
    return hit;
  }

  /**
   * Remembers blocks without looking them up (e.g. a prompt followed by the answer's ids, when an
   * engine caches generated tokens too).
   */
  insert(ids: ArrayLike<number>, sessionId: string): void {
    this.#remember(
      chainedBlockHashes(ids, this.blockSize, this.#scratch),
      this.#session(sessionId),
    );
  }

  /**
   * How much of `ids` other sessions have sent (whole blocks, at most length − 1), as of now:
   * call it when the answer arrives, so prompts sent meanwhile count too.
   */
  sharedWithOthers(ids: ArrayLike<number>, sessionId: string): number {
    const hashes = chainedBlockHashes(ids, this.blockSize, this.#scratch);
    return this.#lookup(hashes, ids.length, this.#session(sessionId)).sharedWithOthers;
  }

  /** Forgets everything, as a server cache reset does. */
  reset(): void {
    this.#owners.clear();
    this.#sessions.clear();
  }

  #lookup(hashes: readonly number[], length: number, me: number): ExpectedHit {
    const maxBlocks = Math.floor(Math.max(0, length - 1) / this.blockSize);
    let any = 0;
    let others = 0;
    while (any < maxBlocks) {
      const owner = this.#owners.get(hashes[any]);
      if (owner === undefined) break;
      if (others === any && owner !== me) others++;
      any++;
    }
    return {
      expectedCachedTokens: any * this.blockSize,
      sharedWithOthers: others * this.blockSize,
      promptTokens: length,
    };
  }

  #remember(hashes: readonly number[], me: number): void {
    for (const h of hashes) {
      const owner = this.#owners.get(h);
      if (owner === undefined) this.#owners.set(h, me);
      else if (owner !== me && owner !== SHARED) this.#owners.set(h, SHARED);
    }
  }

  #session(id: string): number {
    let n = this.#sessions.get(id);
    if (n === undefined) this.#sessions.set(id, n = this.#sessions.size);
    return n;
  }
}
