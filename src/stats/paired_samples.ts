/**
 * @module The per-request samples a paired comparison needs, grouped by run (round × load) with
 * each request's trial and session kept, so a bootstrap can resample whole sessions (paired across
 * two sweeps of the same seeded sessions) and whole trials. Fed record by record; no I/O.
 */
import type { RequestRecord } from "../results/record.ts";

/** One request as a comparison keeps it (times in ms). */
export interface SampleRequest {
  trial: number;
  session: string;
  turn: number;
  ok: boolean;
  /** Null when the request failed or no content chunk came. */
  ttft: number | null;
  e2e: number | null;
  tpot: number | null;
  /** Gaps between content chunks (empty for a failed request). */
  itl: readonly number[];
  prompt: number;
  /** Null when the server did not say. */
  cached: number | null;
  output: number;
  /** Whether it met every SLO target (the record's `slo_met.all`); null without SLOs. */
  slo: boolean | null;
}

/** What identifies a run group: the round and the load; every trial of it is in the group. */
export interface RunGroupId {
  round: number;
  concurrency: number | null;
  request_rate: number | null;
  /** Users mode's concurrent conversations; null or absent in the other modes. */
  users?: number | null;
}

/** The requests of one run (round × load) over every trial. */
export interface RunGroup {
  id: RunGroupId;
  requests: SampleRequest[];
  /** Trial numbers seen (0 … N − 1 of a repeated sweep), ascending. */
  trials: number[];
}

/**
 * The group key of a run: `round|c<concurrency>`, `round|r<rate>` or `round|u<users>` (trials fall
 * together; the report's `runKey` of a first trial is the same text).
 */
export function groupKey(run: RunGroupId): string {
  const load = run.users != null
    ? `u${run.users}`
    : run.concurrency !== null
    ? `c${run.concurrency}`
    : `r${run.request_rate}`;
  return `${run.round}|${load}`;
}

/** `slo_met.all` of a record that has it (a field added by the SLO work), else null. */
function sloOf(record: RequestRecord): boolean | null {
  const met = (record as { slo_met?: unknown }).slo_met;
  if (typeof met !== "object" || met === null) return null;
  const all = (met as { all?: unknown }).all;
  return typeof all === "boolean" ? all : null;
}

/**
 * Collects request samples by run group, in the order added.
 *
 * @example
 * ```ts
 * const paired = new PairedSamples();
 * for await (const r of records) paired.add(r);
 * paired.groups.get("1|c4")?.requests.length;
 * ```
 */
export class PairedSamples {
  readonly #groups = new Map<string, RunGroup>();
  #count = 0;

  /** Adds one record (failed ones too: they count in error rates and SLO attainment). */
  add(r: RequestRecord): void {
    const key = groupKey(r);
    let group = this.#groups.get(key);
    if (!group) {
      group = {
        id: {
          round: r.round,
          concurrency: r.concurrency,
          request_rate: r.request_rate,
          ...(r.users != null ? { users: r.users } : {}),
        },
        requests: [],
        trials: [],
      };
      this.#groups.set(key, group);
    }
    const trial = r.trial ?? 0;
    if (!group.trials.includes(trial)) {
      group.trials.push(trial);
      group.trials.sort((a, b) => a - b);
    }
    group.requests.push({
      trial,
      session: r.session_id,
      turn: r.turn_index,
      ok: r.ok,
      ttft: r.ok ? r.ttft_ms : null,
      e2e: r.ok ? r.e2e_ms : null,
      tpot: r.ok ? r.tpot_ms : null,
      itl: r.ok ? r.itl_ms : [],
      prompt: r.prompt_tokens,
      cached: r.cached_tokens,
      output: r.output_tokens,
      slo: sloOf(r),
    });
    this.#count++;
  }

  /** The run groups by {@link groupKey}, in the order first seen. */
  get groups(): ReadonlyMap<string, RunGroup> {
    return this.#groups;
  }

  /** Records added. */
  get count(): number {
    return this.#count;
  }
}
