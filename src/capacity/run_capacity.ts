/**
 * @module The capacity search against a server: each probe one measured run, kept like a
 * sweep's runs, so the report redraws attainment and goodput against load from them.
 */
import { join } from "node:path";
import { PreparedSession } from "../client/conversation.ts";
import { measureRun } from "../client/measure_run.ts";
import { type LoadLevel, runLabel } from "../client/options.ts";
import { workloadSettings } from "../client/workload_options.ts"; // issue 14
import { fileSha256, newSweepSummary } from "../client/provenance.ts";
import { loadSample } from "../client/sample.ts";
import { firstModel, parseResetSpec, resetCache } from "../client/server.ts";
import { sloRunOptions, thinkTimeOf } from "../client/slo_options.ts";
import type { SweepIo } from "../client/sweep.ts";
import { JsonlWriter } from "../io/jsonl_writer.ts";
import { sleep } from "../io/sleep.ts";
import { RECORDS_FILE, SUMMARY_FILE } from "../results/layout.ts";
import type { RequestRecord } from "../results/record.ts";
import { type SweepSummary, writeSweepSummary } from "../results/summary.ts";
import { sloTargets } from "../slo/spec.ts";
import { type CapacityOptions, probeSweepOptions, searchSpecOf } from "./options.ts";
import { type ProbeResult, searchCapacity } from "./search.ts";
import { searchOptionsOf } from "./spec.ts";
import { capacitySummary } from "./summary.ts";

/** A probe's verdict, with the index of its run in `runs`. */
interface Probed extends ProbeResult {
  run: number;
}

/**
 * Searches the largest load meeting the SLO (`search.ts`: bracketing, then bisection or
 * interpolation, then `trials` repeated searches for the 95% interval). Every probe is one run
 * of round 1 over the same seeded sample at one load: in users mode `probe_s` long (the sample
 * replayed as needed, no turn started after the end), in concurrency and request-rate modes one
 * pass over the sample. With `reset_cache_url` the cache is reset before every probe, so each
 * starts cold. A probe is judged on its steady window (`assessRun`) and stopped early when it is
 * plainly over-saturated (`stop_when_saturated`); its trial varies the think-time and arrival
 * seeds. Records go to one `records.jsonl` (with `trial`); `summary.json` holds one run per probe,
 * is rewritten after each, and ends with `capacity` (status, capacity, interval, headline, every
 * probe and its run). A server failing the SLO at `min` is a result (`fails_at_min`), not an error.
 *
 * @param search the strategy (default {@linkcode searchCapacity}; the perf benchmark passes an
 *   exhaustive grid to compare with)
 * @returns the summary (`complete: false` when interrupted)
 * @throws {UserError} on a bad dataset, an unreachable model list, a failed cache reset
 * @example
 * ```ts
 * const s = await runCapacity(CapacityOptions.parse({ dataset, endpoint, slo, max: 64 }), { outDir, progress });
 * s.capacity?.headline; // "capacity: 37 concurrent conversations (95% CI 35–39) at p95 …"
 * ```
 */
export async function runCapacity(
  o: CapacityOptions,
  io: SweepIo,
  search: typeof searchCapacity = searchCapacity,
): Promise<SweepSummary> {
  const spec = searchSpecOf(o);
  const sweep = probeSweepOptions(o);
  const targets = sloTargets(o.slo);
  const reset = o.reset_cache_url ? parseResetSpec(o.reset_cache_url) : null;
  const sessions = (await loadSample(o.dataset, {
    numSamples: o.num_samples,
    seed: o.seed,
    skipInvalid: o.skip_invalid,
    onSkip: (e) => io.progress.log(`skipped: ${e.message}`),
    signal: io.signal,
  })).map((s) => new PreparedSession(s));
  const model = o.model ?? await firstModel(o.endpoint, o.api_key);
  const workload = await workloadSettings({ ...o, replay: undefined }, sessions); // issue 14
  await Deno.mkdir(io.outDir, { recursive: true });
  const summary: SweepSummary = {
    ...await newSweepSummary({
      endpoint: o.endpoint,
      model,
      dataset: o.dataset,
      dataset_digest: await fileSha256(o.dataset),
      num_samples: o.num_samples ?? null,
      concurrency: [],
      request_rates: [],
      rounds: 1,
      max_context_tokens: o.max_context_tokens,
      max_output_tokens: o.max_output_tokens,
      reset_cache_between_rounds: false,
      seed: o.seed ?? null,
      slo: targets,
      ...(spec.load === "users"
        ? { think_time: thinkTimeOf(sweep), duration_s: o.probe_s, ramp_s: o.ramp_s }
        : {}),
    }),
    capacity: null,
  };
  const save = () => writeSweepSummary(join(io.outDir, SUMMARY_FILE), summary);
  await save();
  const records = await JsonlWriter.open(join(io.outDir, RECORDS_FILE), { truncate: true });
  const levelOf = (load: number): LoadLevel =>
    spec.load === "users"
      ? { concurrency: null, rate: null, users: load }
      : spec.load === "concurrency"
      ? { concurrency: load, rate: null }
      : { concurrency: null, rate: load };
  const probe = async (load: number, ctx: { index: number; trial: number; phase: string }) => {
    if (summary.runs.length > 0) await sleep(o.pause_between_runs_s * 1000, io.signal);
    if (reset) await resetCache(reset, o.api_key);
    const level = levelOf(load);
    const label = `${runLabel(1, level)}${ctx.trial ? `_trial${ctx.trial}` : ""}`;
    const { summary: run, error, assessment } = await measureRun({
      round: 1,
      level,
      label,
      settings: {
        endpoint: o.endpoint,
        model,
        apiKey: o.api_key,
        maxOutputTokens: o.max_output_tokens,
        timeoutMs: o.request_timeout_s * 1000,
        signal: io.signal,
        ...workload,
      },
      sessions,
      limits: { maxContextTokens: o.max_context_tokens, maxOutputTokens: o.max_output_tokens },
      thinkTimeMs: o.think_time_ms,
      seed: (o.seed ?? 0) + ctx.trial,
      artifacts: {
        requestsDir: o.save_requests ? io.requestsDir ?? join(io.outDir, "requests") : undefined,
        debugDir: o.debug ? io.debugDir ?? join(io.outDir, "debug") : undefined,
      },
      prometheus: o.prometheus_url
        ? { url: o.prometheus_url, names: o.prometheus_metrics }
        : undefined,
      onRecord: (r: RequestRecord) => records.write(r),
      progress: io.progress,
      ...sloRunOptions(sweep, { trial: ctx.trial, cutAtEnd: true }),
      stopWhenSaturated: o.stop_when_saturated,
      trial: ctx.trial,
    });
    summary.runs.push(run);
    summary.ended_at = Date.now();
    await records.flush();
    await save();
    if (error !== null) throw error;
    const p = assessment.probe;
    const verdict = p.meets && !p.saturated ? "meets" : p.saturated ? "saturated" : "fails";
    const share = p.attainment == null ? "" : `, attainment ${(p.attainment * 100).toFixed(1)}%`;
    io.progress.log(
      `probe ${ctx.index} (${ctx.phase}, trial ${ctx.trial}): ${label} ${verdict}${share}`,
    );
    return { ...p, run: summary.runs.length - 1 } satisfies Probed;
  };
  try {
    const result = await search(probe, searchOptionsOf(spec, { signal: io.signal }));
    summary.capacity = capacitySummary(result, {
      load: spec.load,
      targets,
      min: spec.min,
      max: spec.max,
      runOf: (i) => result.probes[i]?.result.run ?? null,
    });
    summary.complete = !io.signal?.aborted && result.stop !== "aborted";
    io.progress.log(summary.capacity.headline);
  } finally {
    summary.ended_at = Date.now();
    await records.close();
    await save();
  }
  return summary;
}
