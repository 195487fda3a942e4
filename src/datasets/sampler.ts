/** @module Pick the first N sessions, a seeded random N, or all shuffled, with memory bounded by N. */
import { Reservoir, seededRandom } from "../io/random.ts";
import type { Session } from "./session.ts";
import { sessionLine } from "./session_writer.ts";
import { ShuffleSpill } from "./spill.ts";

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
  #emit: (session: Session) => Promise<void>;
  #options: SampleOptions;
  #random: () => number;
  #reservoir?: Reservoir<Session>;
  #spill?: Promise<ShuffleSpill>;
  /** Sessions offered. */
  offered = 0;
  /** Sessions emitted. */
  emitted = 0;

  constructor(options: SampleOptions, emit: (session: Session) => Promise<void>) {
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

  /** Offers one session. */
  async add(session: Session): Promise<void> {
    this.offered++;
    if (this.#reservoir) return this.#reservoir.offer(session);
    if (this.#options.shuffle) {
      this.#spill ??= ShuffleSpill.create(this.#options.spillDir);
      return (await this.#spill).add(sessionLine(session));
    }
    if (this.full) return;
    this.emitted++;
    await this.#emit(session);
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
