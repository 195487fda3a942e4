/**
 * @module The warnings of cache truth, worded once for the sweep (summary.json, its log) and the
 * report: prompt counts that disagree with the server's by more than 2%, and cache resets that
 * did not clear the cache (naming the reset call).
 */
import type { RunSummary } from "../results/summary.ts";
import { TOKEN_RATIO_TOLERANCE } from "../results/truth.ts";

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
