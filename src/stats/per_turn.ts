/**
 * @module TTFT and cached share by turn index, streamed over a run's records: the first turn of a
 * session against its follow-ups, where a prefix cache shows (a follow-up resends its history).
 */
import type { RequestRecord } from "../results/record.ts";
import type { PerTurn, TurnGroup } from "../results/truth.ts";
import { summarize } from "./distribution.ts";

/** Sums of one group of turns. */
class Group {
  requests = 0;
  readonly ttft: number[] = [];
  cached = 0;
  promptWithCached = 0;
  withCached = 0;
  expected = 0;
  clientPrompt = 0;
  withExpected = 0;

  add(r: RequestRecord): void {
    this.requests++;
    if (r.ttft_ms !== null) this.ttft.push(r.ttft_ms);
    if (r.cached_tokens !== null) {
      this.withCached++;
      this.cached += r.cached_tokens;
      this.promptWithCached += r.prompt_tokens;
    }
    if (r.expected_cached_tokens !== null && r.client_prompt_tokens !== null) {
      this.withExpected++;
      this.expected += r.expected_cached_tokens;
      this.clientPrompt += r.client_prompt_tokens;
    }
  }

  view(): TurnGroup {
    return {
      requests: this.requests,
      ttft_ms: summarize(this.ttft),
      cached_share: this.withCached && this.promptWithCached > 0
        ? this.cached / this.promptWithCached
        : null,
      expected_share: this.withExpected && this.clientPrompt > 0
        ? this.expected / this.clientPrompt
        : null,
    };
  }
}

/**
 * Accumulates successful requests by turn index (failed ones are left out, as in the run's
 * latency distributions). Holds the TTFT samples once per group, never the records.
 *
 * @example
 * ```ts
 * const turns = new PerTurnAccumulator();
 * for (const r of records) turns.add(r);
 * turns.summary().follow_ups.cached_share; // e.g. 0.83
 * ```
 */
export class PerTurnAccumulator {
  readonly #first = new Group();
  readonly #followUps = new Group();
  readonly #byTurn = new Map<number, Group>();

  /** Adds one record (ignored unless it succeeded). */
  add(r: RequestRecord): void {
    if (!r.ok) return;
    (r.turn_index === 0 ? this.#first : this.#followUps).add(r);
    let g = this.#byTurn.get(r.turn_index);
    if (!g) this.#byTurn.set(r.turn_index, g = new Group());
    g.add(r);
  }

  /** The per-turn summary of everything added. */
  summary(): PerTurn {
    return {
      first: this.#first.view(),
      follow_ups: this.#followUps.view(),
      by_turn: [...this.#byTurn].sort(([a], [b]) => a - b).map(([turn_index, g]) => ({
        turn_index,
        ...g.view(),
      })),
    };
  }
}
