/**
 * @module Tokens and cache truth of each run, as the report shows them: the summary's own
 * `token_check`, `cache_truth` and `per_turn` (the sweep computed them, with the scraped numbers
 * and the reset check), else rebuilt from the records through src/stats (the same accumulators),
 * with the scraped counter of the sweep's server profile. And the warnings, worded by
 * src/cache/warnings.ts as in the sweep's summary.
 */
import { cacheTruth } from "../../cache/truth.ts";
import { truthWarnings } from "../../cache/warnings.ts";
import type {
  CacheTruthSummary,
  PerTurn,
  ServerInfo,
  TokenCheck,
  TokenizerInfo,
} from "../../results/truth.ts";
import type { SweepSummary } from "../../results/summary.ts";
import { PROFILES, type ServerKind, type ServerProfile } from "../../servers/profiles.ts";
import { scrapedCache } from "../../servers/scraped.ts";
import { runLabel } from "../load/run_key.ts";
import type { RunView } from "./runs.ts";

/** One run's tokens and cache truth; each null when neither the summary nor the records have it. */
export interface RunTruthView {
  tokenCheck: TokenCheck | null;
  cacheTruth: CacheTruthSummary | null;
  perTurn: PerTurn | null;
}

/** The report's tokens and cache truth. */
export interface TruthModel {
  /** In the order of the model's views. */
  runs: RunTruthView[];
  server: ServerInfo | null;
  tokenizer: TokenizerInfo | null;
  /** Counts that disagree, resets that did not clear (shown at the top of the report). */
  warnings: string[];
}

/** The profile of the sweep's server (generic when the summary predates profiles). */
function profileOf(summary: SweepSummary): ServerProfile {
  const kind = summary.server?.kind as ServerKind | undefined;
  return kind && kind in PROFILES ? PROFILES[kind] : PROFILES.generic;
}

/**
 * One run's figures: from its summary when the sweep wrote them, else from its records.
 *
 * @example
 * ```ts
 * runTruth(view, PROFILES.llamacpp, 1).cacheTruth?.efficiency;
 * ```
 */
export function runTruth(view: RunView, profile: ServerProfile, blockSize: number): RunTruthView {
  const s = view.summary;
  const rec = view.records;
  const sums = rec?.tokens ?? null;
  let cache = s.cache_truth ?? null;
  if (cache === null && sums?.expected != null) {
    const scraped = scrapedCache(profile, view.metrics);
    const allowance = profile.cachesOutput ? sums.output : 0;
    const t = cacheTruth(sums.expected, sums.reported, scraped?.cached ?? null, 0.02, allowance);
    cache = {
      block_size: blockSize,
      expected: t.expected,
      reported: t.reported,
      scraped: t.scraped,
      scraped_hit_rate: scraped?.hitRate ?? null,
      efficiency: t.efficiency,
      verdict: t.verdict,
      generated_allowance: allowance,
      reset: null,
    };
  }
  const check = s.token_check ?? sums?.check ?? null;
  const perTurn = s.per_turn ?? rec?.perTurn ?? null;
  return {
    tokenCheck: check && check.requests > 0 ? check : null,
    cacheTruth: cache,
    perTurn: perTurn && perTurn.by_turn.length > 0 ? perTurn : null,
  };
}

/**
 * The tokens and cache truth of every run, and the warnings.
 *
 * @example
 * ```ts
 * const truth = truthModel(sweep.summary, views);
 * truth.warnings; // ['The cache reset did not clear the cache: after "POST …"']
 * ```
 */
export function truthModel(summary: SweepSummary, views: readonly RunView[]): TruthModel {
  const profile = profileOf(summary);
  const blockSize = summary.server?.block_size ?? profile.blockSize;
  const runs = views.map((v) => runTruth(v, profile, blockSize));
  const labelled = views.map((v, i) => ({
    label: runLabel(v),
    run: { ...v.summary, token_check: runs[i].tokenCheck ?? undefined },
  }));
  // The sweep's own words when it wrote them; else (older summaries) worded here the same way.
  const warnings = summary.warnings ?? truthWarnings(
    labelled,
    summary.tokenizer?.name ?? summary.config.tokenizer ?? "gpt",
    profile.reset?.note ?? null,
  );
  return {
    runs,
    server: summary.server ?? null,
    tokenizer: summary.tokenizer ?? null,
    warnings,
  };
}
