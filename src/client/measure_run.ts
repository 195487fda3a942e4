/** @module One measured run: scrape, replay at one load level, scrape again, summarize. */
import type { RequestRecord } from "../results/record.ts";
import type { RunSummary } from "../results/summary.ts";
import { metricDeltas } from "../prom/delta.ts";
import { scrapeMetricsDetailed, type ScrapeResult } from "../prom/scrape.ts";
import { RunAccumulator } from "../stats/run_summary.ts";
import { type ArtifactDirs, RunArtifacts } from "./artifacts.ts";
import type { ContextLimits, PreparedSession } from "./conversation.ts";
import type { LoadLevel } from "./options.ts";
import type { SweepProgress } from "./progress.ts";
import { runLoad } from "./run.ts";
import type { TurnOutcome, TurnSettings } from "./turn.ts";
import type { RunAssessment } from "../capacity/assess_run.ts";
import type { SloTargets } from "../slo/spec.ts";
import type { ThinkTimeSampler } from "../slo/think_time.ts";
import { RunJudge } from "./run_judge.ts";
import { runAtUsers } from "./run_users.ts";
import { runReplay } from "./run_replay.ts"; // issue 14: trace replay
import { sessionRequests } from "./tool_steps.ts"; // issue 14: a turn's tool steps are requests

/** What one run needs. */
export interface MeasureRun {
  round: number;
  level: LoadLevel;
  /** The load this process applies, when only a share of `level` (a shard's); default `level`. */
  load?: LoadLevel;
  label: string;
  settings: Omit<TurnSettings, "round" | "concurrency" | "requestRate" | "requestIdPrefix">;
  sessions: readonly PreparedSession[];
  limits: ContextLimits;
  thinkTimeMs: number;
  seed: number;
  artifacts: ArtifactDirs;
  prometheus?: { url: string; names: string[] };
  /** Receives every record as its request finishes. */
  onRecord(record: RequestRecord): void;
  /** Rewrites each record before it is counted and written (a shard adds its name). */
  mapRecord?(record: RequestRecord): RequestRecord;
  progress: SweepProgress;
  // ── issue 13: SLOs, users mode, capacity probes ──
  /** SLO targets judged per record (`slo_met`) and per run; absent or empty without an SLO. */
  slo?: SloTargets;
  /** Users mode (`level.users`): think times, run length, ramp; `cutAtEnd` for probes. */
  usersMode?: { think: ThinkTimeSampler; durationMs?: number; rampMs?: number; cutAtEnd?: boolean };
  /** Stop the run as soon as it is plainly over-saturated (a capacity probe). */
  stopWhenSaturated?: boolean;
  /** A capacity search's trial, or a repeated sweep's: recorded on every request and on the run. */
  trial?: number;
  /** Issue 14: trace replay's zero, the whole sample's earliest trace time (a shard has part). */
  traceOriginMs?: number;
}

/** A run's summary, and the error that cut it short if one did (the summary then covers what finished). */
export interface MeasuredRun {
  summary: RunSummary;
  error: unknown;
  /** The run judged: SLO over the whole run and its steady window, saturation, probe verdict. */
  assessment: RunAssessment;
}

/**
 * Runs one (round, load level) pair: scrapes the metrics, replays every session, scrapes again,
 * and returns the run's summary, marked incomplete when the signal aborted it or an error cut it
 * short. A failed scrape is logged and its values are null; it never stops the run.
 *
 * @example
 * ```ts
 * const summary = await measureRun({ round: 1, level: { concurrency: 2, rate: null }, … });
 * ```
 */
export async function measureRun(m: MeasureRun): Promise<MeasuredRun> {
  const total = m.sessions.reduce((n, p) => n + sessionRequests(p.session), 0);
  const acc = new RunAccumulator();
  const counts = { done: 0, total, inFlight: 0, errors: 0, elapsedS: 0 };
  const files = await RunArtifacts.open(m.artifacts, m.label);
  const before = await scrape(m);
  m.progress.runStart(m.label, total);
  const t0 = performance.now();
  const startedAt = performance.timeOrigin + t0;
  const update = () => {
    counts.elapsedS = (performance.now() - t0) / 1000;
    m.progress.update(counts);
  };
  const stop = new AbortController(); // issue 13: the early stop of a saturated probe
  const judge = new RunJudge({
    targets: m.slo ?? [],
    load: m.level.users ?? m.level.concurrency,
    fullAfter: m.level.users ??
      (m.level.concurrency !== null
        ? Math.min(m.level.concurrency, m.sessions.length)
        : Math.ceil(total * 0.1)),
    stopWhenSaturated: m.stopWhenSaturated,
  });
  const settings: TurnSettings = {
    ...m.settings,
    round: m.round,
    concurrency: (m.load ?? m.level).concurrency,
    requestRate: (m.load ?? m.level).rate,
    requestIdPrefix: `tb-${crypto.randomUUID().slice(0, 8)}-${m.label}`,
    signal: m.settings.signal ? AbortSignal.any([m.settings.signal, stop.signal]) : stop.signal,
    users: m.level.users ?? null,
    trial: m.trial ?? 0,
  };
  let endedAt = startedAt;
  let error: unknown = null;
  try {
    const plan = {
      sessions: m.sessions,
      limits: m.limits,
      thinkTimeMs: m.thinkTimeMs,
      seed: m.seed,
      onSend() {
        judge.sent(performance.timeOrigin + performance.now());
        counts.inFlight++;
        update();
      },
      onDone(outcome: TurnOutcome) {
        endedAt = performance.timeOrigin + performance.now();
        counts.inFlight--;
        counts.done++;
        if (!outcome.record.ok) counts.errors++;
        const record = m.load || m.mapRecord
          ? levelRecord(m, m.mapRecord?.(outcome.record) ?? outcome.record)
          : outcome.record;
        if (judge.add(record)) stop.abort();
        acc.add(record);
        m.onRecord(record);
        files.add(outcome);
        update();
      },
    };
    if (m.level.users !== undefined && m.usersMode) {
      await runAtUsers(settings, { ...plan, ...m.usersMode, users: m.level.users });
    } else if (m.level.replay !== undefined) {
      await runReplay(settings, m.level.replay, plan, m.traceOriginMs);
    } else await runLoad(settings, plan);
  } catch (e) {
    error = e;
  } finally {
    await files.close();
  }
  const after = error === null && !m.settings.signal?.aborted ? await scrape(m) : null;
  const summary = acc.summary({
    round: m.round,
    concurrency: m.level.concurrency,
    request_rate: m.level.rate,
    started_at: startedAt,
    ended_at: endedAt,
    complete: m.level.users !== undefined
      ? error === null && !settings.signal?.aborted
      : counts.done === total,
  });
  if (m.level.users !== undefined) summary.users = m.level.users;
  if (m.trial) summary.trial = m.trial;
  if (m.level.replay !== undefined) summary.trace_speed = m.level.replay; // issue 14
  const assessment = judge.finish(summary);
  if (m.prometheus) {
    const types = new Map([...before?.types ?? [], ...after?.types ?? []]);
    summary.metrics = metricDeltas(before?.values ?? null, after?.values ?? null, types);
  }
  m.progress.runEnd(m.label, summary);
  return { summary, error, assessment };
}

async function scrape(m: MeasureRun): Promise<ScrapeResult | null> {
  if (!m.prometheus) return null;
  try {
    return await scrapeMetricsDetailed(m.prometheus.url, m.prometheus.names, {
      signal: m.settings.signal,
    });
  } catch (error) {
    m.progress.log(`warning: ${(error as Error).message}`);
    return null;
  }
}

/** A record of a run that applied only a share of its level, named by the whole level. */
function levelRecord(m: MeasureRun, r: RequestRecord): RequestRecord {
  return { ...r, concurrency: m.level.concurrency, request_rate: m.level.rate };
}
