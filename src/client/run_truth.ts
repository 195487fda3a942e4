/**
 * @module One run's token check, cache truth and per-turn figures (`token_check`, `cache_truth`,
 * `per_turn` of its summary). The warnings they call for are src/cache/warnings.ts's.
 */
import type { ResetVerdict } from "../cache/reset_check.ts";
import { cacheTruth } from "../cache/truth.ts";
import type { RequestRecord } from "../results/record.ts";
import type { RunSummary } from "../results/summary.ts";
import type { ServerProfile } from "../servers/profiles.ts";
import { scrapedCache } from "../servers/scraped.ts";
import { PerTurnAccumulator } from "../stats/per_turn.ts";
import { TokenTruthAccumulator } from "../stats/token_truth.ts";

/** The reset that preceded a run and what its check found. */
export interface RunReset {
  label: string;
  verdict: ResetVerdict | null;
}

/**
 * Accumulates one run's records (successful ones count) and fills in its summary's issue-12
 * fields. Pure: the scraped numbers come from the summary's own `metrics`.
 *
 * @example
 * ```ts
 * const truth = new RunTruth();
 * for (const r of records) truth.add(r);
 * truth.apply(run, { profile, blockSize: 16 }, null);
 * run.cache_truth?.efficiency; // reported / expected
 * ```
 */
export class RunTruth {
  readonly #turns = new PerTurnAccumulator();
  readonly #tokens = new TokenTruthAccumulator();

  /** Adds one record. */
  add(r: RequestRecord): void {
    this.#turns.add(r);
    this.#tokens.add(r);
  }

  /** Sets `run.token_check`, `run.cache_truth` and `run.per_turn`. */
  apply(
    run: RunSummary,
    server: { profile: ServerProfile; blockSize: number },
    reset: RunReset | null,
  ): void {
    const sums = this.#tokens.sums();
    const scraped = scrapedCache(server.profile, run.metrics);
    const allowance = server.profile.cachesOutput ? sums.output : 0;
    const truth = cacheTruth(
      sums.expected ?? 0,
      sums.reported,
      scraped?.cached ?? null,
      0.02,
      allowance,
    );
    const v = reset?.verdict ?? null;
    run.token_check = sums.check;
    run.cache_truth = {
      block_size: server.blockSize,
      expected: truth.expected,
      reported: truth.reported,
      scraped: truth.scraped,
      scraped_hit_rate: scraped?.hitRate ?? null,
      efficiency: truth.efficiency,
      verdict: truth.verdict,
      generated_allowance: allowance,
      reset: reset === null ? null : {
        url: reset.label,
        cleared: v?.cleared ?? null,
        judged: v?.judged ?? 0,
        over_hits: v?.overHits ?? 0,
        excess_tokens: v?.excessTokens ?? 0,
        reported_share: v?.reportedShare ?? 0,
        allowed_share: v?.allowedShare ?? 0,
      },
    };
    run.per_turn = this.#turns.summary();
  }
}
