/** @module Pick the first N sessions, a seeded random N, or all shuffled, with memory bounded by N. */
import { joinBytes } from "../io/bytes.ts";
import { Reservoir, seededRandom } from "../io/random.ts";
import type { Session } from "./session.ts";
import { isRawSession, type RawSession, sessionLineBytes } from "./session_writer.ts";
import { ShuffleSpill } from "./spill.ts";

/** One fresh array holding `parts` back to back. */
function ownBytes(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0].slice() : joinBytes([...parts]);
}

/** How to pick sessions. */
export interface SampleOptions {
  /** Keep at most this many (all when absent). */
  max?: number;
  /** Pick at random (seeded) and write in random order. */
  shuffle?: boolean;
  seed?: number;
  /** Folder for the spill file when shuffling without `max`. */
  spillDir: string;
}

/**
 * Collects sessions and emits the chosen ones: in order straight through (then `full` says when
 * to stop reading), or at the end when shuffling.
 *
 * @example
 * ```ts
 * const sampler = new Sampler({ max: 10, spillDir: "." }, (s) => sink.write(s));
 * for await (const s of sessions) { await sampler.add(s); if (sampler.full) break; }
 * await sampler.finish();
 * ```
 */
export class Sampler {
  #emit: (session: Session | RawSession) => void | Promise<void>;
  #options: SampleOptions;
  #random: () => number;
  #reservoir?: Reservoir<Session | RawSession>;
  #spill?: Promise<ShuffleSpill>;
  /** Sessions offered. */
  offered = 0;
  /** Sessions emitted. */
  emitted = 0;

  constructor(
    options: SampleOptions,
    emit: (session: Session | RawSession) => void | Promise<void>,
  ) {
    this.#options = options;
    this.#emit = emit;
    this.#random = seededRandom(options.seed ?? 0);
    if (options.shuffle && options.max !== undefined) {
      this.#reservoir = new Reservoir(options.max, this.#random);
    }
  }

  /** True once an in-order sample has all it needs (reading further is useless). */
  get full(): boolean {
    return !this.#options.shuffle && this.#options.max !== undefined &&
      this.emitted >= this.#options.max;
  }

  /**
   * Offers one session; returns a promise only when it has to wait (for a write), so a fast
   * caller need not await every session. A raw session's `tail` may be views into a read buffer:
   * a kept one is copied, so no buffer outlives its session.
   */
  add(session: Session | RawSession): void | Promise<void> {
    this.offered++;
    if (this.#reservoir) {
      const kept = isRawSession(session)
        ? { session_id: session.session_id, tail: [ownBytes(session.tail)] }
        : session;
      return this.#reservoir.offer(kept);
    }
    if (this.#options.shuffle) {
      this.#spill ??= ShuffleSpill.create(this.#options.spillDir);
      return this.#spill.then((spill) => spill.add(sessionLineBytes(session)));
    }
    if (this.full) return;
    this.emitted++;
    return this.#emit(session);
  }

  /** Emits what a shuffled sample holds, and frees its temporary file. */
  async finish(): Promise<void> {
    if (this.#reservoir) {
      for (const session of this.#reservoir.take()) {
        this.emitted++;
        await this.#emit(session);
      }
      return;
    }
    if (!this.#spill) return;
    const spill = await this.#spill;
    try {
      for await (const line of spill.drain(this.#random)) {
        this.emitted++;
        await this.#emit(JSON.parse(line));
      }
    } finally {
      await spill.close();
    }
  }

  /** Frees the temporary file without emitting (on failure). */
  async abandon(): Promise<void> {
    if (this.#spill) await (await this.#spill).close();
  }
}
