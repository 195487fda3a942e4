/** @module The session runner behind `deno task bench` and the `sweep` stage: every load level × round. */
import { join } from "node:path";
import { RECORDS_FILE, SUMMARY_FILE } from "../results/layout.ts";
import type { RequestRecord } from "../results/record.ts";
import { type SweepConfig, type SweepSummary, writeSweepSummary } from "../results/summary.ts";
import { JsonlWriter } from "../io/jsonl_writer.ts";
import { measureRun } from "./measure_run.ts";
import { loadLevels, runLabel, type SweepOptions } from "./options.ts";
import type { SweepProgress } from "./progress.ts";
import { fileSha256, newSweepSummary } from "./provenance.ts";
import { loadSample } from "./sample.ts";
import { firstModel } from "./server.ts";
import { sleep } from "../io/sleep.ts";
import type { SweepHooks } from "./sweep_hooks.ts";
import { sloConfig, sloRunOptions } from "./slo_options.ts";
import { SweepTruth } from "./sweep_truth.ts";
import { sessionRequests } from "./tool_steps.ts"; // issue 14
import { workloadConfig, workloadSettings } from "./workload_options.ts"; // issue 14
import { traceOrigin } from "./run_replay.ts"; // issue 14

/** Where a sweep writes and how it reports. */
export interface SweepIo {
  /** Folder for `records.jsonl` and `summary.json` (created; both are replaced). */
  outDir: string;
  /** Folder for saved request bodies (`save_requests`); default `<outDir>/requests`. */
  requestsDir?: string;
  /** Folder for debug logs (`debug`); default `<outDir>/debug`. */
  debugDir?: string;
  /** Ctrl-C: stops sending, keeps every finished record, marks the sweep incomplete. */
  signal?: AbortSignal;
  progress: SweepProgress;
  /** Sharding and resume (src/shard); none for a plain sweep. */
  hooks?: SweepHooks;
}

/**
 * Runs a sweep: for each load level (each concurrency, then each request rate) and each round,
 * one run replaying the same sampled sessions — round 1 from empty history, round 2 and later
 * again from empty history, so the server's prefix cache is warm from round 1. With
 * `reset_cache_url` the cache is reset before each load level (each starts cold) and, only with
 * `reset_cache_between_rounds`, also before every later round (a cold control). Records are
 * appended to `records.jsonl` as requests finish; `summary.json` is rewritten after every run
 * with `complete: false` until the sweep ends. An abort or a crash keeps what finished.
 * With `repeat: N` all of that runs N times over the same sessions, trial after trial, each run
 * and record carrying its `trial` (0 … N − 1); every trial's load levels start after a reset too.
 *
 * @returns the final summary (`complete: false` when the sweep was interrupted)
 * @throws {UserError} on a bad dataset, an unreachable model list, or a failed cache reset
 * @example
 * ```ts
 * const summary = await runSweep(SweepOptions.parse({ dataset, endpoint, concurrency: [2] }),
 *   { outDir: "results/bench", progress: sweepProgress(ctx) });
 * ```
 */
export async function runSweep(o: SweepOptions, io: SweepIo): Promise<SweepSummary> {
  const hooks = io.hooks ?? {};
  const sample = await loadSample(o.dataset, {
    numSamples: o.num_samples,
    seed: o.seed,
    skipInvalid: o.skip_invalid,
    onSkip: (e) => io.progress.log(`skipped: ${e.message}`),
    signal: io.signal,
  });
  const model = o.model ?? await firstModel(o.endpoint, o.api_key);
  // issue 12: server profile, reset, tokenizer, expected cache (sweep_truth.ts)
  const truth = await SweepTruth.open(o, model);
  const prepared = await truth.prepareSessions(sample);
  const sessions = hooks.sessions?.(prepared) ?? prepared;
  const workload = await workloadSettings(o, prepared, truth.target.profile.kind); // issue 14
  const config: SweepConfig = {
    endpoint: o.endpoint,
    model,
    dataset: o.dataset,
    dataset_digest: await fileSha256(o.dataset),
    num_samples: o.num_samples ?? null,
    concurrency: o.concurrency,
    request_rates: o.request_rates,
    rounds: o.rounds,
    max_context_tokens: o.max_context_tokens,
    max_output_tokens: o.max_output_tokens,
    reset_cache_between_rounds: o.reset_cache_between_rounds,
    seed: o.seed ?? null,
    ...sloConfig(o),
    tokenizer: o.tokenizer,
    server: truth.target.profile.kind,
    require_cold: o.require_cold,
    ...workloadConfig(o, workload),
    repeat: o.repeat,
  };
  await Deno.mkdir(io.outDir, { recursive: true });
  const summary = await newSweepSummary(config);
  truth.describe(summary);
  const summaryPath = join(io.outDir, SUMMARY_FILE);
  const save = () => writeSweepSummary(summaryPath, summary);
  await hooks.start?.(summary);
  await save();
  const records = await JsonlWriter.open(join(io.outDir, RECORDS_FILE), {
    truncate: !hooks.append,
  });
  const levels = loadLevels(o);
  const turns = sessions.reduce((n, p) => n + sessionRequests(p.session), 0);
  io.progress.sweepStart?.(turns * levels.length * o.rounds * o.repeat);
  const shared = {
    settings: {
      endpoint: o.endpoint,
      model,
      apiKey: o.api_key,
      maxOutputTokens: o.max_output_tokens,
      timeoutMs: o.request_timeout_s * 1000,
      signal: io.signal,
      cache: truth.observer,
      ...workload,
    },
    sessions,
    limits: { maxContextTokens: o.max_context_tokens, maxOutputTokens: o.max_output_tokens },
    thinkTimeMs: o.think_time_ms,
    seed: hooks.arrivalSeed?.(o.seed ?? 0) ?? o.seed ?? 0,
    artifacts: {
      requestsDir: o.save_requests ? io.requestsDir ?? join(io.outDir, "requests") : undefined,
      debugDir: o.debug ? io.debugDir ?? join(io.outDir, "debug") : undefined,
    },
    prometheus: o.prometheus_url
      ? { url: o.prometheus_url, names: truth.target.metricNames }
      : undefined,
    onRecord: (r: RequestRecord) => {
      truth.onRecord(r);
      records.write(r);
    },
    mapRecord: hooks.record,
    progress: io.progress,
    ...sloRunOptions(o),
    traceOriginMs: o.replay ? traceOrigin(prepared) : undefined, // issue 14: shards share the zero
  };
  try {
    // issue 15: each trial (0 … repeat − 1) repeats every level × round, levels after a reset.
    for (let trial = 0; trial < o.repeat && !io.signal?.aborted; trial++) {
      for (const level of levels) {
        for (let round = 1; round <= o.rounds && !io.signal?.aborted; round++) {
          const kept = hooks.kept?.(round, level, trial);
          if (kept) {
            summary.runs.push(kept);
            continue;
          }
          if (summary.runs.length > 0) await sleep(o.pause_between_runs_s * 1000, io.signal);
          const label = runLabel(round, level) + (trial ? `_trial${trial}` : "");
          let resetHere = false;
          const doReset = truth.canReset && (round === 1 || o.reset_cache_between_rounds)
            ? async () => {
              resetHere = true;
              io.progress.log(`cache reset: ${await truth.resetCache()}`);
            }
            : null;
          if (hooks.beforeRun) {
            await hooks.beforeRun(label, doReset);
            // A shard's barrier resets the server once (shard 0); the others forget all the same.
            if (doReset && !resetHere) truth.forgetCache();
          } else await doReset?.();
          const load = hooks.load?.(level);
          const run = { ...shared, round, level, load, label, trial };
          const { summary: measured, error } = await measureRun(run);
          for (const w of truth.finishRun(measured, label)) io.progress.log(`warning: ${w}`);
          truth.describe(summary);
          summary.runs.push(measured);
          summary.ended_at = Date.now();
          await records.flush();
          await save();
          if (error !== null) throw error;
        }
      }
    }
    const tokenWarning = truth.tokenWarning();
    if (tokenWarning) io.progress.log(`warning: ${tokenWarning}`);
    summary.complete = !io.signal?.aborted &&
      summary.runs.length === levels.length * o.rounds * o.repeat &&
      summary.runs.every((r) => r.complete);
  } finally {
    summary.ended_at = Date.now();
    await records.close();
    await save();
  }
  return summary;
}
