/**
 * @module A shard's share of the load, so that the shards together apply the configured load:
 * concurrency C over N shards gives shard i `floor(C/N)`, plus one for the first `C mod N` shards
 * (the shares add up to C); a request rate λ gives each shard λ/N (independent Poisson processes
 * of rate λ/N add up to one of rate λ, so each shard draws its arrivals from its own seed).
 */
import type { LoadLevel } from "../client/options.ts";
import { UserError } from "../util/errors.ts";
import type { ShardId } from "./identity.ts";

/**
 * Shard `index`'s part of C sessions in flight.
 *
 * @throws {UserError} (exit 2) when C is below the shard count (a shard would hold sessions it
 *   could never run)
 * @example
 * ```ts
 * concurrencyShare(10, { index: 0, count: 4 }); // 3 (3 + 3 + 2 + 2 = 10)
 * ```
 */
export function concurrencyShare(c: number, shard: ShardId): number {
  if (c < shard.count) {
    throw new UserError(
      `Cannot split concurrency "${c}" over "${shard.count}" shards: each shard needs at least one session in flight`,
      { exitCode: 2 },
    );
  }
  return Math.floor(c / shard.count) + (shard.index < c % shard.count ? 1 : 0);
}

/**
 * Shard `index`'s share of a load level: a part of its concurrency, users or request rate.
 *
 * @example
 * ```ts
 * levelShare({ concurrency: null, rate: 8 }, { index: 1, count: 4 }); // { concurrency: null, rate: 2 }
 * ```
 */
export function levelShare(level: LoadLevel, shard: ShardId): LoadLevel {
  if (level.users !== undefined) {
    return { concurrency: null, rate: null, users: concurrencyShare(level.users, shard) };
  }
  return level.rate === null
    ? { concurrency: concurrencyShare(level.concurrency, shard), rate: null }
    : { concurrency: null, rate: level.rate / shard.count };
}

/**
 * The seed of shard `index`'s Poisson arrivals: shard 0 keeps the sweep's seed (one shard of one
 * is the plain sweep), the others get seeds of their own so their arrivals are independent.
 *
 * @example
 * ```ts
 * arrivalSeed(7, { index: 0, count: 2 }); // 7
 * ```
 */
export function arrivalSeed(seed: number, shard: ShardId): number {
  return shard.index === 0 ? seed : (seed + Math.imul(shard.index, 0x9e3779b1)) | 0;
}
