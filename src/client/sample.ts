/** @module Picks the sessions a sweep replays: the first N, or a seeded sample of N. */
import { readSessions } from "../datasets/reader.ts";
import { Reservoir, seededRandom, shuffleInPlace } from "../io/random.ts";
import type { Session } from "../datasets/session.ts";
import { UserError } from "../util/errors.ts";
import type { InputError } from "../util/errors.ts";

/** How to pick the sample. */
export interface SampleOptions {
  /** Sessions to take; all when undefined. */
  numSamples?: number;
  /** With a seed: a uniform seeded sample in seeded order; without: the first N in file order. */
  seed?: number;
  skipInvalid?: boolean;
  onSkip?(error: InputError): void;
  signal?: AbortSignal;
}

/**
 * Streams the dataset and returns the sessions to replay. Without a seed reading stops after the
 * first N sessions; with one, a reservoir keeps memory bounded by N. Every round replays the
 * same sample.
 *
 * @throws {UserError} when the dataset holds no session
 * @throws {InputError} `file:line: …` on a bad record unless `skipInvalid`
 * @example
 * ```ts
 * const sessions = await loadSample("examples/example_dataset.json", { numSamples: 4, seed: 1 });
 * ```
 */
export async function loadSample(path: string, o: SampleOptions = {}): Promise<Session[]> {
  const n = o.numSamples ?? Infinity;
  const read = readSessions(path, {
    skipInvalid: o.skipInvalid,
    onSkip: o.onSkip,
    signal: o.signal,
  });
  let sample: Session[];
  if (o.seed === undefined) {
    sample = [];
    for await (const s of read) {
      sample.push(s);
      if (sample.length >= n) break;
    }
  } else if (Number.isFinite(n)) {
    const reservoir = new Reservoir<Session>(n, seededRandom(o.seed));
    for await (const s of read) reservoir.offer(s);
    sample = reservoir.take();
  } else {
    sample = [];
    for await (const s of read) sample.push(s);
    shuffleInPlace(sample, seededRandom(o.seed));
  }
  if (sample.length === 0) throw new UserError(`Cannot run a sweep on "${path}": no session in it`);
  return sample;
}
