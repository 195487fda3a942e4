/** @module Executes a validated pipeline: stages in dependency order, independent ones in parallel. */
import { join } from "node:path";
import type { Entry } from "./cache.ts";
import { keyOf, type KeyParts } from "./key.ts";
import type { LoadedStage } from "./load.ts";
import { lookupJob, outputsOf } from "./plan.ts";
import { keyParts, resolveParams, type Upstream } from "./resolve.ts";
import { linkResult } from "./results.ts";
import { type RunShared, ServiceStages } from "./service_stages.ts";
import type { RunnerConfig, StageReport, StageStatus } from "./stage_report.ts";
import { secs, StageLog } from "./stage_log.ts";
import type { JobTask, TaskContext } from "./task.ts";
import { Slots } from "./slots.ts";
import { findPreviousAttempt } from "./previous_attempt.ts";

export type { RunnerConfig, StageReport, StageStatus };

/** How long stages get to finish after the run was stopped. */
const GRACE_MS = 5000;

/** Runs the active stages of a pipeline and reports on each. */
export class Runner {
  /** Set when the run stops early: `interrupted` or the failure that stopped it. */
  stopReason?: string;
  interrupted = false;
  private readonly upstream: Record<string, Upstream> = {};
  private readonly settled = new Map<string, Promise<boolean>>();
  private readonly abort = new AbortController();
  private readonly slots: Slots;
  private readonly log: StageLog;
  private readonly services: ServiceStages;

  constructor(private readonly c: RunnerConfig) {
    this.slots = new Slots(Math.max(1, c.jobs));
    this.log = new StageLog(c.reporter, (name) => {
      if (!c.keepGoing) this.stop(`stage "${name}" failed`);
    });
    const shared: RunShared = {
      upstream: this.upstream,
      log: this.log,
      signal: this.abort.signal,
      needsReady: (stage) => this.needsReady(stage),
      context: (stage, dir) => this.context(stage, dir),
    };
    this.services = new ServiceStages(c, shared);
  }

  /** Every stage's report, by name. */
  get reports(): Record<string, StageReport> {
    return this.log.reports;
  }

  /** Runs everything; resolves when every stage settled and every service stopped. */
  async run(): Promise<void> {
    const { pipeline, active } = this.c;
    const onAbort = () => this.stop("interrupted", true);
    this.c.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (const name of pipeline.order) {
        const { task, stage, matrix } = pipeline.stages[name];
        this.reports[name] = { task: task.name, kind: task.kind, status: "skipped" };
        if (matrix) {
          Object.assign(this.reports[name], { stage, matrix: Object.fromEntries(matrix) });
        }
        if (!active.has(name)) this.reports[name].why = "not selected";
      }
      this.services.countUsers();
      if (this.c.signal?.aborted) onAbort();
      for (const name of pipeline.order.filter((n) => active.has(n))) {
        const stage = pipeline.stages[name];
        this.settled.set(
          name,
          stage.task.kind === "job" ? this.job(stage) : this.services.settle(stage),
        );
      }
      await settleWithin(Promise.all(this.settled.values()), this.abort.signal, GRACE_MS);
      for (const [name, r] of Object.entries(this.reports)) {
        if (r.kind === "job" && r.started_at && r.duration_ms === undefined) {
          this.log.fail(name, `did not stop within ${GRACE_MS / 1000} s after the run was stopped`);
        }
      }
    } finally {
      this.c.signal?.removeEventListener("abort", onAbort);
      await this.services.stopAll();
      this.c.reporter.close();
    }
  }

  private stop(reason: string, interrupted = false): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.interrupted = interrupted;
    this.abort.abort(new Error(reason));
  }

  /** Waits for the stages a stage needs; false (with the stage marked skipped) if one is unusable. */
  private async needsReady(stage: LoadedStage): Promise<boolean> {
    const report = this.reports[stage.name];
    const ok = await Promise.all(stage.needs.map((n) => this.settled.get(n) ?? false));
    const bad = stage.needs.filter((_, i) => !ok[i]);
    if (bad.length) {
      report.why = `upstream ${bad.map((b) => `"${b}" ${this.reports[b]?.status}`).join(", ")}`;
    } else if (this.stopReason) report.why = this.stopReason;
    return bad.length === 0 && !this.stopReason;
  }

  /** A job: its key once its needs are done, then a cache hit or a run. */
  private async job(stage: LoadedStage): Promise<boolean> {
    const { cache, pipeline, rctx } = this.c;
    const name = stage.name;
    const report = this.reports[name];
    let t0 = performance.now();
    try {
      if (!await this.needsReady(stage)) return false;
      t0 = performance.now();
      const parts = await keyParts(stage, this.upstream, rctx);
      const key = report.key = keyOf(parts);
      const found = await lookupJob(cache, pipeline.name, name, parts, this.c.force.has(name));
      if (found.hit) {
        await this.done(stage, found.hit.entry, found.hit.dir, parts);
        const ms = performance.now() - t0;
        this.log.finished(name, "cached", ms, `✓ ${name} cached (${secs(Math.round(ms))})`);
        return true;
      }
      report.why = found.why;
      if (this.c.cacheOnly.has(name)) {
        throw new Error(
          `not selected and not in the cache (${report.why}): run it first, e.g. with --until ${name}`,
        );
      }
      return await this.slots.with(() => this.execute(stage, parts, key));
    } catch (error) {
      return this.log.fail(name, error, { durationMs: performance.now() - t0 });
    } finally {
      await this.services.releaseNeeds(stage);
    }
  }

  /** Runs a job that missed the cache into a staging folder, and commits it. */
  private async execute(stage: LoadedStage, parts: KeyParts, key: string): Promise<boolean> {
    const { cache, pipeline, rctx, reporter } = this.c;
    const name = stage.name;
    if (this.stopReason) {
      this.reports[name].why = this.stopReason;
      return false;
    }
    const t0 = performance.now();
    this.log.started(name, `(${this.reports[name].why})`);
    await this.services.startNeeds(stage);
    const params = resolveParams(stage, this.upstream, rctx, true);
    const staging = await cache.startStaging(key, name, pipeline.name);
    try {
      // A stop that came while the staging folder was made: the job never starts.
      this.abort.signal.throwIfAborted();
      const ctx = this.context(stage, staging);
      if (!this.c.force.has(name)) {
        ctx.previousAttempt = await findPreviousAttempt(cache.root, name, key);
      }
      const result = await (stage.task as JobTask).run(params, ctx);
      this.abort.signal.throwIfAborted();
      const { entry, dir } = await cache.commit(staging, key, {
        task: stage.task.name,
        stage: name,
        pipeline: pipeline.name,
        outputs: result?.outputs ?? {},
        replace: this.c.force.has(name),
      });
      await this.done(stage, entry, dir, parts);
      reporter.end(name);
      const ms = performance.now() - t0;
      this.log.finished(name, "ran", ms, `✓ ${name} ran in ${secs(Math.round(ms))}`);
      return true;
    } catch (error) {
      reporter.end(name);
      const durationMs = performance.now() - t0;
      const keptIn = await cache.keepFailed(staging, name).catch(() => undefined);
      const aborted = this.abort.signal.aborted && this.stopReason;
      return this.log.fail(name, aborted ? `aborted (${this.stopReason})` : error, {
        durationMs,
        showDuration: true,
        keptIn,
      });
    }
  }

  /** Records a job's entry: for its dependents, in its report, its results link and index. */
  private async done(stage: LoadedStage, entry: Entry, dir: string, parts: KeyParts) {
    const { cache, pipeline, resultsDir } = this.c;
    const outputs = outputsOf(entry, dir);
    this.upstream[stage.name] = { kind: "job", digest: entry.digest, result: { dir, outputs } };
    const artifact = await linkResult(join(resultsDir, pipeline.name, stage.name), dir);
    Object.assign(this.reports[stage.name], { outputs, dir, artifact });
    await cache.writeIndex(pipeline.name, stage.name, { ...parts, key: entry.key });
  }

  private context(stage: LoadedStage, outDir: string): TaskContext {
    const needs = Object.fromEntries(
      stage.needs.map((n) => [n, this.upstream[n]?.result ?? { dir: "", outputs: {} }]),
    );
    return {
      stage: stage.name,
      pipeline: { name: this.c.pipeline.name, file: this.c.pipeline.file },
      outDir,
      needs,
      signal: this.abort.signal,
      log: (m) => this.c.reporter.log(stage.name, m),
      progress: this.c.reporter.progress(stage.name),
    };
  }
}

/** Waits for `all`, or, once `signal` aborts, at most `graceMs` more. */
async function settleWithin(all: Promise<unknown>, signal: AbortSignal, graceMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  const grace = new Promise<void>((resolve) => {
    const arm = () => {
      if (!finished) timer = setTimeout(resolve, graceMs);
    };
    if (signal.aborted) arm();
    else signal.addEventListener("abort", arm, { once: true });
  });
  await Promise.race([all.finally(() => finished = true), grace]);
  clearTimeout(timer);
}
