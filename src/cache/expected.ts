/**
 * @module What the client expects the server's prefix cache to hold: fed every prompt's token ids
 * since the last reset, it answers the longest prefix each new prompt shares with an earlier one.
 *
 * Engines reuse whole KV blocks keyed by chained hashes (vLLM: 16 tokens; SGLang and llama.cpp
 * reuse any token prefix: block 1). This class keeps the same hashes for every prompt it has
 * seen, so "shared prefix" means equal token ids, never equal strings, and it costs one hash per
 * block and one map lookup per block. Below 16 tokens per block it hashes 16-token units and
 * keeps, under each unit, the tokens of the units that followed it (once per distinct unit), so a
 * match is still exact to the token with a sixteenth of the map entries. Like the engines, it leaves at least one prompt token to
 * compute: a prompt seen before in full expects its length − 1, rounded down to a block.
 *
 * The cache it models never evicts: `expected_cached_tokens` is what an ideal cache would serve.
 * Reported below it means eviction or a missed hit; above it, a cache the client did not know of
 * (a reset that did not clear, generated tokens kept, another client).
 *
 * Every block also remembers which session put it there first and whether another did too, so
 * `sharedWithOthers` can say how much of a prompt other sessions also sent: after a reset, that
 * is all a session's first turn may hit (a shared system prompt, say). See reset_check.ts.
 *
 * The runner's fast path, `expect`, remembers each session's last prompt (the latest
 * {@link LAST_PROMPTS} sessions): a follow-up resends it, so the blocks of that shared prefix
 * are neither hashed nor looked up again (they are in the cache since that prompt), and a turn
 * costs about its new tokens.
 */
import { chainedBlockHashes } from "./block_hash.ts";
import { ABSENT, HashTable } from "./hash_table.ts";

/** Sessions whose last prompt `expect` remembers (least recently seen forgotten first). */
export const LAST_PROMPTS = 4096;

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
  /** Tokens per hashed unit: the block size, or 16 with token-exact tails below that. */
  readonly #unit: number;
  /** Unit hash → owning session number, or SHARED. */
  readonly #owners = new HashTable();
  /** Fine mode: parent unit hash (ROOT for none) → first token → the units that followed it. */
  readonly #tails: Map<number, Map<number, Tail[]>> | null;
  readonly #sessions = new Map<string, number>();
  readonly #scratch: number[] = [];
  /** Session number → its last prompt given to `expect`, and its unit hashes. */
  readonly #last = new Map<number, { ids: ArrayLike<number>; hashes: number[] }>();

  /** @param blockSize tokens per cache block (the server profile's, or `cache_block_size`) */
  constructor(blockSize: number) {
    if (!Number.isInteger(blockSize) || blockSize < 1) {
      throw new RangeError(`Cannot use cache block size "${blockSize}": expected an integer ≥ 1`);
    }
    this.blockSize = blockSize;
    this.#unit = Math.max(blockSize, UNIT);
    this.#tails = blockSize < UNIT ? new Map() : null;
  }

  /** Number of distinct hashed units held. */
  get blocks(): number {
    return this.#owners.size;
  }

  /**
   * Looks a prompt up, then remembers it as sent by `sessionId`.
   *
   * @param ids the prompt's token ids, as the server will see them
   * @param sessionId the conversation it belongs to
   */
  observe(ids: ArrayLike<number>, sessionId: string): ExpectedHit {
    const me = this.#session(sessionId);
    const hashes = chainedBlockHashes(ids, this.#unit, this.#scratch);
    const hit = this.#lookup(ids, hashes, me);
    this.#remember(ids, hashes, me);
    return hit;
  }

  /**
   * `observe`'s expected cached tokens alone, fast for a growing conversation (see the module
   * comment): same answer, and the prompt is remembered the same way.
   *
   * @param ids the prompt's token ids, as the server will see them
   * @param sessionId the conversation it belongs to
   */
  expect(ids: ArrayLike<number>, sessionId: string): number {
    const me = this.#session(sessionId);
    const unit = this.#unit;
    const last = this.#last.get(me);
    let known = 0;
    if (last) {
      const max = Math.min(last.ids.length, ids.length);
      let n = 0;
      while (n < max && last.ids[n] === ids[n]) n++;
      known = Math.min(Math.floor(n / unit), last.hashes.length);
      this.#last.delete(me);
    }
    // The last prompt's hashes are extended in place: its first `known` stay as they are.
    const hashes = chainedBlockHashes(ids, unit, last?.hashes ?? [], known, last?.hashes);
    // The first `known` units were remembered with the last prompt: present, owners set.
    let any = known;
    while (any < hashes.length && this.#owners.has(hashes[any])) any++;
    let tokens = any * unit;
    if (this.#tails) tokens += this.#extend(ids, hashes, any, NOBODY);
    this.#remember(ids, hashes, me, known);
    this.#last.set(me, { ids, hashes });
    if (this.#last.size > LAST_PROMPTS) this.#last.delete(this.#last.keys().next().value!);
    const capped = Math.min(tokens, Math.max(0, ids.length - 1));
    return capped - (capped % this.blockSize);
  }

  /**
   * Remembers a token sequence without looking it up (e.g. a prompt followed by the answer's
   * ids, when an engine caches generated tokens too).
   */
  insert(ids: ArrayLike<number>, sessionId: string): void {
    this.#remember(
      ids,
      chainedBlockHashes(ids, this.#unit, this.#scratch),
      this.#session(sessionId),
    );
  }

  /**
   * How much of `ids` other sessions have sent (whole blocks, at most length − 1), as of now:
   * call it when the answer arrives, so prompts sent meanwhile count too.
   */
  sharedWithOthers(ids: ArrayLike<number>, sessionId: string): number {
    const hashes = chainedBlockHashes(ids, this.#unit, this.#scratch);
    return this.#lookup(ids, hashes, this.#session(sessionId)).sharedWithOthers;
  }

  /** Forgets everything, as a server cache reset does. */
  reset(): void {
    this.#owners.clear();
    this.#tails?.clear();
    this.#sessions.clear();
    this.#last.clear();
  }

  #lookup(ids: ArrayLike<number>, hashes: readonly number[], me: number): ExpectedHit {
    let any = 0;
    let others = 0;
    while (any < hashes.length) {
      const owner = this.#owners.get(hashes[any]);
      if (owner === ABSENT) break;
      if (others === any && owner !== me) others++;
      any++;
    }
    const unit = this.#unit;
    let anyTokens = any * unit;
    let otherTokens = others * unit;
    if (this.#tails) {
      anyTokens += this.#extend(ids, hashes, any, NOBODY);
      otherTokens += this.#extend(ids, hashes, others, me);
    }
    const cap = (n: number) => {
      const tokens = Math.min(n, Math.max(0, ids.length - 1));
      return tokens - (tokens % this.blockSize);
    };
    return {
      expectedCachedTokens: cap(anyTokens),
      sharedWithOthers: cap(otherTokens),
      promptTokens: ids.length,
    };
  }

  /** Longest run of `ids` after `units` whole units that a remembered tail (not `skip`'s) shares. */
  #extend(ids: ArrayLike<number>, hashes: readonly number[], units: number, skip: number): number {
    const start = units * this.#unit;
    if (start >= ids.length) return 0;
    const bucket = this.#tails!.get(units === 0 ? ROOT : hashes[units - 1])?.get(ids[start]);
    if (!bucket) return 0;
    let best = 0;
    for (const tail of bucket) {
      const owner = tail.hash >= 0 ? this.#owners.get(tail.hash) : tail.owner;
      if (owner === skip) continue;
      const t = tail.tokens;
      const end = Math.min(t.length, ids.length - start);
      let n = 0;
      while (n < end && t[n] === ids[start + n]) n++;
      if (n > best) best = n;
    }
    return best;
  }

  /** Remembers the units of a prompt from unit `from` on (those before are remembered already). */
  #remember(ids: ArrayLike<number>, hashes: readonly number[], me: number, from = 0): void {
    const unit = this.#unit;
    for (let j = from; j < hashes.length; j++) {
      const h = hashes[j];
      const owner = this.#owners.get(h);
      if (owner === ABSENT) {
        this.#owners.set(h, me);
        if (this.#tails) {
          this.#addTail(j === 0 ? ROOT : hashes[j - 1], slice(ids, j * unit, unit), h, me);
        }
      } else if (owner !== me && owner !== SHARED) {
        this.#owners.set(h, SHARED);
      }
    }
    const rest = ids.length - hashes.length * unit;
    if (this.#tails && rest > 0) {
      const parent = hashes.length === 0 ? ROOT : hashes[hashes.length - 1];
      this.#addTail(parent, slice(ids, hashes.length * unit, rest), -1, me);
    }
  }

  #addTail(parent: number, tokens: Int32Array, hash: number, me: number): void {
    let byFirst = this.#tails!.get(parent);
    if (!byFirst) this.#tails!.set(parent, byFirst = new Map());
    let bucket = byFirst.get(tokens[0]);
    if (!bucket) byFirst.set(tokens[0], bucket = []);
    if (hash < 0) {
      const same = bucket.find((t) => t.hash < 0 && equal(t.tokens, tokens));
      if (same) {
        if (same.owner !== me) same.owner = SHARED;
        return;
      }
    }
    bucket.push({ tokens, hash, owner: me });
  }

  #session(id: string): number {
    let n = this.#sessions.get(id);
    if (n === undefined) this.#sessions.set(id, n = this.#sessions.size);
    return n;
  }
}

/** The tokens that followed a prefix: a whole unit (its hash) or a prompt's last partial unit. */
interface Tail {
  tokens: Int32Array;
  /** The unit's hash (its owner is in the owners map), or -1 for a partial unit. */
  hash: number;
  /** Owner of a partial unit. */
  owner: number;
}

/** Hash granularity below which tails keep matches token-exact. */
const UNIT = 16;
/** Parent key of a prompt's first unit (real hashes are ≥ 0). */
const ROOT = -1;
/** A session number no session has (skip nobody). */
const NOBODY = -2;

function slice(ids: ArrayLike<number>, start: number, length: number): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = ids[start + i];
  return out;
}

function equal(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
