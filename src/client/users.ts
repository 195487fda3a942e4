/**
 * @module Users mode's pure part: which conversation a user takes next, and when users start.
 *
 * `users: N` = N concurrent conversations. Each user runs one conversation turn by turn with a
 * think time before every turn after the first (`src/slo/think_time.ts`, drawn per conversation
 * key and turn), and takes the next conversation the moment one ends. Unlike concurrency mode,
 * a users run is bounded by time (or a turn budget), not by the sample: when the sample runs
 * out it is replayed (`cycle`), each replay a new conversation with its own key
 * (`session_id#1`, `#2`, …) for think times and session goodput. Replays repeat prompts the
 * server may still hold in its prefix cache, so a sample large enough not to cycle is the
 * honest setting; the supply counts the passes so a report can say when it did.
 *
 * The runner is `run_users.ts`: each user takes handouts until `next` returns null.
 * A conversation under way when `end_at` passes finishes its turns: that tail is what the
 * steady-state window (`src/capacity/steady_state.ts`, target N, session key `h.key`) leaves out.
 */
import { seededRandom, shuffleInPlace } from "../io/random.ts";

/** One conversation handed to a user. */
export interface Handout<T> {
  item: T;
  /** Its position in the sample. */
  index: number;
  /** 0 on the first pass through the sample, 1 on the replay, … */
  cycle: number;
  /** The conversation's key: its id on the first pass, `id#cycle` on replays. */
  key: string;
  /** Turns to run: all of them, or fewer when `max_turns` cuts the last conversation. */
  turns: number;
  /** 0-based order of hand-out. */
  seq: number;
}

/** When the supply runs dry. */
export interface SupplyBounds {
  /** Replay the sample when it runs out; default false (one pass, as concurrency mode). */
  cycle?: boolean;
  /** No conversation is handed out at or after this time (the runner's clock, ms). */
  end_at?: number;
  /** Turns handed out in all, at most (the last conversation may be cut short). */
  max_turns?: number;
  /** Conversations handed out in all, at most. */
  max_sessions?: number;
  /** Shuffle every replay with this seed (+ the pass number); the first pass keeps the order. */
  shuffle_seed?: number;
}

/** How to read an item: its id and its number of turns. */
export interface SessionShape<T> {
  id(item: T): string;
  turns(item: T): number;
}

/**
 * Hands out conversations in sample order until a bound is hit; pure (the time comes in).
 *
 * @example
 * ```ts
 * const supply = new SessionSupply(["a", "b"], { id: (s) => s, turns: () => 3 }, { cycle: true, max_turns: 7 });
 * [supply.next(0), supply.next(0), supply.next(0), supply.next(0)].map((h) => h && [h.key, h.turns]);
 * // [["a", 3], ["b", 3], ["a#1", 1], null]
 * ```
 */
export class SessionSupply<T> {
  #order: number[];
  #pos = 0;
  #cycle = 0;
  #seq = 0;
  #turns = 0;

  constructor(
    readonly items: readonly T[],
    readonly shape: SessionShape<T>,
    readonly bounds: SupplyBounds = {},
  ) {
    this.#order = items.map((_, i) => i);
  }

  /** The next conversation, or null when the sample (without `cycle`) or a bound is used up. */
  next(now: number): Handout<T> | null {
    const b = this.bounds;
    if (this.items.length === 0) return null;
    if (b.end_at !== undefined && now >= b.end_at) return null;
    if (b.max_sessions !== undefined && this.#seq >= b.max_sessions) return null;
    const left = (b.max_turns ?? Infinity) - this.#turns;
    if (left <= 0) return null;
    if (this.#pos === this.#order.length) {
      if (!b.cycle) return null;
      this.#cycle++;
      this.#pos = 0;
      if (b.shuffle_seed !== undefined) {
        shuffleInPlace(this.#order, seededRandom(b.shuffle_seed + this.#cycle));
      }
    }
    const index = this.#order[this.#pos++];
    const item = this.items[index];
    const id = this.shape.id(item);
    const turns = Math.min(this.shape.turns(item), left);
    this.#turns += turns;
    const key = this.#cycle === 0 ? id : `${id}#${this.#cycle}`;
    return { item, index, cycle: this.#cycle, key, turns, seq: this.#seq++ };
  }

  /** Conversations and turns handed out, and passes started over the sample. */
  get stats(): { sessions: number; turns: number; passes: number } {
    return { sessions: this.#seq, turns: this.#turns, passes: this.#seq ? this.#cycle + 1 : 0 };
  }
}

/**
 * When each of `users` users starts, ms after the run's start: evenly over `ramp_ms` (0: all
 * at once). A ramp spreads the first turns, so N users do not all send their first, cache-cold
 * request in the same instant; the steady-state window opens after the last has started anyway.
 *
 * @example
 * ```ts
 * userStartOffsets(4, 1000); // [0, 250, 500, 750]
 * ```
 */
export function userStartOffsets(users: number, ramp_ms = 0): number[] {
  return Array.from({ length: users }, (_, i) => (users > 0 ? (i * ramp_ms) / users : 0));
}
