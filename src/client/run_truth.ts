/**
 * @module One run's token check, cache truth and per-turn figures (`token_check`, `cache_truth`,
 * `per_turn` of its summary), and the warnings they call for.
 */
import type { ResetVerdict } from "../cache/reset_check.ts";
import { cacheTruth } from "../cache/truth.ts";
import type { RequestRecord } from "../results/record.ts";
import type { RunSummary } from "../results/summary.ts";
import { TOKEN_RATIO_TOLERANCE } from "../results/truth.ts";
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

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The warnings a sweep's runs call for: prompt counts that disagree with the server's by more
 * than 2% ({@link tokenWarning}), and resets that did not clear the cache ({@link resetWarnings}).
 *
 * @param runs the runs with their labels (`round2_conc5`)
 * @param tokenizer the `tokenizer:` value used
 * @param resetNote what else the profile says a cold start needs (llama.cpp: `--cache-ram 0`)
 * @example
 * ```ts
 * truthWarnings([{ label: "round1_conc5", run }], "gpt", null);
 * // ['Prompt tokens disagree: the server counted 1.80× what tokenizer "gpt" counted …']
 * ```
 */
export function truthWarnings(
  runs: readonly LabelledRun[],
  tokenizer: string,
  resetNote: string | null,
): string[] {
  const token = tokenWarning(runs, tokenizer);
  return [...(token ? [token] : []), ...resetWarnings(runs, resetNote)];
}

/** A run and its label (`round2_conc5`). */
export interface LabelledRun {
  label: string;
  run: RunSummary;
}

/** One line when any run's prompt counts disagree with the server's by more than 2%; else null. */
export function tokenWarning(runs: readonly LabelledRun[], tokenizer: string): string | null {
  const off = runs.filter((r) => r.run.token_check?.disagrees);
  if (off.length === 0) return null;
  const ratios = off.map((r) => r.run.token_check!.ratio!);
  const lo = Math.min(...ratios).toFixed(2);
  const hi = Math.max(...ratios).toFixed(2);
  return `Prompt tokens disagree: the server counted ${lo === hi ? lo : `${lo}–${hi}`}× what ` +
    `tokenizer "${tokenizer}" counted (${off.length} run(s), more than ` +
    `${pct(TOKEN_RATIO_TOLERANCE)} off): truncation to max_context_tokens is not exact; ` +
    `use tokenizer: server or hf:<path>`;
}

/** One line per run whose preceding reset did not clear the cache, naming the reset call. */
export function resetWarnings(runs: readonly LabelledRun[], resetNote: string | null): string[] {
  const out: string[] = [];
  for (const { label, run } of runs) {
    const reset = run.cache_truth?.reset;
    if (!reset || reset.cleared !== false) continue;
    out.push(
      `The cache reset did not clear the cache: after "${reset.url}", first turns of ${label} ` +
        `had ${pct(reset.reported_share)} of their prompt tokens cached, where other sessions' ` +
        `prompts explain ${pct(reset.allowed_share)}` + (resetNote ? ` (${resetNote})` : ""),
    );
  }
  return out;
}
