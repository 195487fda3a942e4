/**
 * @module Everything a sweep does for exact tokens and cache truth (issue 12), behind one object
 * so that `runSweep` calls it in a few lines: the server's profile and reset, the prompt counting,
 * the expected cache, each run's figures and the sweep's warnings.
 */
import type { RequestRecord } from "../results/record.ts";
import type { RunSummary, SweepSummary } from "../results/summary.ts";
import type { Session } from "../datasets/session.ts";
import { CacheObserver } from "./cache_observer.ts";
import { type ChatMessage, PreparedSession } from "./conversation.ts";
import type { SweepOptions } from "./options.ts";
import { loadPromptTokens, type PromptTokens } from "./prompt_tokens.ts";
import { type LabelledRun, resetWarnings, tokenWarning, truthWarnings } from "../cache/warnings.ts";
import { type RunReset, RunTruth } from "./run_truth.ts";
import { resolveTarget, serverInfo, type ServerTarget } from "./server_target.ts";

/**
 * A sweep's tokens and cache truth.
 *
 * @example
 * ```ts
 * const truth = await SweepTruth.open(options, model);
 * if (truth.canReset) await truth.resetCache();
 * // … feed truth.onRecord(r) with every record of the run, then:
 * truth.finishRun(run, "round1_conc5");
 * truth.describe(summary);
 * ```
 */
export class SweepTruth {
  readonly target: ServerTarget;
  readonly tokens: PromptTokens;
  readonly observer: CacheObserver;
  readonly #tokenizer: string;
  #run = new RunTruth();
  #reset: RunReset | null = null;
  readonly #runs: LabelledRun[] = [];

  private constructor(target: ServerTarget, tokens: PromptTokens, tokenizer: string) {
    this.target = target;
    this.tokens = tokens;
    this.observer = new CacheObserver(target.blockSize);
    this.#tokenizer = tokenizer;
  }

  /**
   * Resolves the server's profile (given or detected) and loads the tokenizer.
   *
   * @throws {UserError} (exit 2) on a bad tokenizer, unreadable tokenizer files, or resets asked
   *   of a server with no known reset
   */
  static async open(o: SweepOptions, model: string): Promise<SweepTruth> {
    const target = await resolveTarget(o);
    const tokens = await loadPromptTokens(o.tokenizer, {
      chatTemplate: o.chat_template,
      endpoint: o.endpoint,
      model,
      apiKey: o.api_key,
      api: target.profile.tokenizeApi ?? undefined,
      // llama.cpp adds BOS when the rendered prompt lacks it; vLLM does not (src/tokens/README.md).
      ensureBos: target.profile.kind === "llamacpp",
    });
    return new SweepTruth(target, tokens, o.tokenizer);
  }

  /**
   * The sample's sessions with the sweep's prompt counting, each question counted ahead (off
   * every run: see `PromptTokens.warm`).
   */
  async prepareSessions(sample: readonly Session[]): Promise<PreparedSession[]> {
    const sessions = sample.map((s) => new PreparedSession(s, this.tokens));
    await this.tokens.warm(
      sessions.flatMap((p) =>
        p.session.user_messages.map((q): ChatMessage[] => [
          ...(p.session.system ? [{ role: "system" as const, content: p.session.system }] : []),
          { role: "user", content: q },
        ])
      ),
    );
    return sessions;
  }

  /** Whether the sweep has a reset to make (a URL, or the profile's). */
  get canReset(): boolean {
    return this.target.reset !== null;
  }

  /** Resets the server's cache (and the expected cache); the next run's first turns are checked. */
  async resetCache(): Promise<string> {
    await this.target.reset!.run();
    return this.forgetCache();
  }

  /**
   * What a reset does here, without resetting the server: the expected cache forgets and the next
   * run's first turns are checked. For a shard whose server another shard reset (the barrier
   * runs the reset once, in shard 0).
   */
  forgetCache(): string {
    const { label } = this.target.reset!;
    this.observer.reset();
    this.#reset = { label, verdict: null };
    return label;
  }

  /** Takes in one record of the current run. */
  onRecord(r: RequestRecord): void {
    this.#run.add(r);
  }

  /**
   * Fills in a finished run's token check, cache truth and per-turn figures, and starts the
   * next run afresh.
   *
   * @returns warnings this run adds (a reset that did not clear the cache)
   */
  finishRun(run: RunSummary, label: string): string[] {
    const reset = this.#reset ? { ...this.#reset, verdict: this.observer.takeResetCheck() } : null;
    this.#run.apply(run, this.target, reset);
    this.#run = new RunTruth();
    this.#reset = null;
    this.#runs.push({ label, run });
    return resetWarnings([{ label, run }], this.#resetNote);
  }

  /** The token-count warning over every run so far (logged once, at the end); null when none. */
  tokenWarning(): string | null {
    return tokenWarning(this.#runs, this.#tokenizer);
  }

  get #resetNote(): string | null {
    return this.target.profile.reset?.note ?? null;
  }

  /** Sets the summary's server, tokenizer and warnings. */
  describe(summary: SweepSummary): void {
    summary.server = serverInfo(this.target);
    summary.tokenizer = {
      name: this.tokens.name,
      source: this.tokens.source,
      rendering: this.tokens.rendering,
    };
    summary.warnings = this.warnings();
  }

  /** Every warning so far. */
  warnings(): string[] {
    return truthWarnings(this.#runs, this.#tokenizer, this.#resetNote);
  }
}
