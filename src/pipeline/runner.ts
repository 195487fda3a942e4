/** @module Executes a validated pipeline: stages in dependency order, independent ones in parallel. */
import { join } from "node:path";
import type { Entry } from "./cache.ts";
import { keyOf, type KeyParts, whyMiss } from "./key.ts";
import type { LoadedStage } from "./load.ts";
import { outputsOf } from "./plan.ts";
import { keyParts, resolveWith, serviceKey, type Upstream } from "./resolve.ts";
import { linkResult } from "./results.ts";
import { launchService, ServicePool } from "./services.ts";
import type { RunnerConfig, StageReport, StageStatus } from "./stage_report.ts";
import type { JobTask, ServiceHandle, ServiceTask, TaskContext } from "./task.ts";
import { parseParams } from "./with_check.ts";
import { Slots } from "./slots.ts";
import { findPreviousAttempt } from "./previous_attempt.ts";

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const secs = (ms: number) => (ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`);

export type { RunnerConfig, StageReport, StageStatus };

/** Runs the active stages of a pipeline and reports on each. */
export class Runner {
  readonly reports: Record<string, StageReport> = {};
  /** Set when the run stops early: `interrupted` or the failure that stopped it. */
  stopReason?: string;
  interrupted = false;
  private readonly upstream: Record<string, Upstream> = {};
  private readonly settled = new Map<string, Promise<boolean>>();
  private readonly abort = new AbortController();
  private readonly slots: Slots;
  private readonly pool: ServicePool;
  private readonly cascaded = new Set<string>();

  constructor(private readonly c: RunnerConfig) {
    this.slots = new Slots(Math.max(1, c.jobs));
    this.pool = new ServicePool((name, error) => this.serviceStopped(name, error));
  }

  /** Runs everything; resolves when every stage settled and every service stopped. */
  async run(): Promise<void> {
    const { pipeline, active } = this.c;
    const onAbort = () => this.stop("interrupted", true);
    this.c.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (const name of pipeline.order) {
        const stage = pipeline.stages[name];
        this.reports[name] = { task: stage.task.name, kind: stage.task.kind, status: "skipped" };
        if (!active.has(name)) this.reports[name].why = "not selected";
        else if (stage.task.kind === "service") {
          this.pool.setUsers(
            name,
            pipeline.order.filter((n) => active.has(n) && pipeline.stages[n].needs.includes(name))
              .length,
          );
        }
      }
      if (this.c.signal?.aborted) onAbort();
      for (const name of pipeline.order.filter((n) => active.has(n))) {
        const stage = pipeline.stages[name];
        this.settled.set(name, stage.task.kind === "job" ? this.job(stage) : this.service(stage));
      }
      const all = Promise.all(this.settled.values());
      let timer: ReturnType<typeof setTimeout> | undefined;
      let finished = false;
      const grace = new Promise<void>((resolve) => {
        const arm = () => {
          if (!finished) timer = setTimeout(resolve, 5000);
        };
        if (this.abort.signal.aborted) arm();
        else this.abort.signal.addEventListener("abort", arm, { once: true });
      });
      await Promise.race([all.finally(() => finished = true), grace]);
      clearTimeout(timer);
      for (const r of Object.values(this.reports)) {
        if (r.kind === "job" && r.started_at && r.duration_ms === undefined) {
          Object.assign(r, {
            status: "failed",
            error: "did not stop within 5 s after the run was stopped",
          });
        }
      }
    } finally {
      this.c.signal?.removeEventListener("abort", onAbort);
      await this.pool.stopAll();
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
  private async needsReady(stage: LoadedStage, report: StageReport): Promise<boolean> {
    const ok = await Promise.all(stage.needs.map((n) => this.settled.get(n) ?? false));
    const bad = stage.needs.filter((_, i) => !ok[i]);
    if (bad.length) {
      report.why = `upstream ${bad.map((b) => `"${b}" ${this.reports[b]?.status}`).join(", ")}`;
    } else if (this.stopReason) report.why = this.stopReason;
    return bad.length === 0 && !this.stopReason;
  }

  private async job(stage: LoadedStage): Promise<boolean> {
    const { cache, pipeline, rctx, reporter } = this.c;
    const name = stage.name;
    const report = this.reports[name];
    let t0 = performance.now();
    try {
      if (!await this.needsReady(stage, report)) return false;
      t0 = performance.now();
      const parts = await keyParts(stage, this.upstream, rctx);
      const key = report.key = keyOf(parts);
      const found = this.c.force.has(name) ? null : await cache.lookup(key);
      if (found?.status === "hit") {
        await this.done(stage, found.entry, found.dir, parts, "cached");
        report.duration_ms = Math.round(performance.now() - t0);
        reporter.line(`✓ ${name} cached (${secs(report.duration_ms)})`);
        return true;
      }
      report.why = !found
        ? "forced"
        : found.status === "damaged"
        ? `cache entry damaged (${found.detail})`
        : whyMiss(await cache.readIndex(pipeline.name, name), parts);
      if (this.c.cacheOnly.has(name)) {
        throw new Error(
          `not selected and not in the cache (${report.why}): run it first, e.g. with --until ${name}`,
        );
      }
      return await this.slots.with(() => this.execute(stage, parts, key));
    } catch (error) {
      Object.assign(report, {
        status: "failed",
        error: errorText(error),
        duration_ms: Math.round(performance.now() - t0),
      });
      reporter.line(`✗ ${name} failed: ${errorText(error)}`);
      this.failed(name);
      return false;
    } finally {
      for (const n of stage.needs) {
        if (pipeline.stages[n].task.kind === "service") await this.release(n);
      }
    }
  }

  private async execute(stage: LoadedStage, parts: KeyParts, key: string): Promise<boolean> {
    const { cache, pipeline, rctx, reporter } = this.c;
    const name = stage.name;
    const report = this.reports[name];
    if (this.stopReason) {
      report.why = this.stopReason;
      return false;
    }
    const t0 = performance.now();
    report.started_at = new Date().toISOString();
    reporter.line(`▶ ${name} (${report.why})`);
    for (const n of stage.needs) {
      if (pipeline.stages[n].task.kind === "service") await this.startService(n);
    }
    const params = parseParams(
      stage,
      resolveWith(stage, this.upstream, rctx.env, true),
      pipeline.locator,
    );
    const staging = await cache.startStaging(key, name, pipeline.name);
    try {
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
      await this.done(stage, entry, dir, parts, "ran");
      report.duration_ms = Math.round(performance.now() - t0);
      reporter.end(name);
      reporter.line(`✓ ${name} ran in ${secs(report.duration_ms)}`);
      return true;
    } catch (error) {
      reporter.end(name);
      report.duration_ms = Math.round(performance.now() - t0);
      const kept = await cache.keepFailed(staging, name).catch(() => undefined);
      if (kept) report.failed_dir = kept;
      const msg = this.abort.signal.aborted && this.stopReason
        ? `aborted (${this.stopReason})`
        : errorText(error);
      Object.assign(report, { status: "failed", error: msg });
      reporter.line(
        `✗ ${name} failed after ${secs(report.duration_ms)}: ${msg}${
          kept ? ` (partial output kept in ${kept})` : ""
        }`,
      );
      this.failed(name);
      return false;
    }
  }

  private async done(
    stage: LoadedStage,
    entry: Entry,
    dir: string,
    parts: KeyParts,
    status: StageStatus,
  ) {
    const { cache, pipeline, resultsDir } = this.c;
    const outputs = outputsOf(entry, dir);
    this.upstream[stage.name] = { kind: "job", digest: entry.digest, result: { dir, outputs } };
    const artifact = await linkResult(join(resultsDir, pipeline.name, stage.name), dir);
    Object.assign(this.reports[stage.name], { status, outputs, dir, artifact });
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

  private failed(name: string): void {
    if (!this.c.keepGoing) this.stop(`stage "${name}" failed`);
  }

  private async service(stage: LoadedStage): Promise<boolean> {
    const report = this.reports[stage.name];
    try {
      if (!await this.needsReady(stage, report)) return false;
      report.key = await serviceKey(stage, this.upstream, this.c.rctx);
      this.upstream[stage.name] = { kind: "service", digest: report.key };
      report.why = "no stage that needs it ran";
      return true;
    } catch (error) {
      Object.assign(report, { status: "failed", error: errorText(error) });
      this.failed(stage.name);
      return false;
    }
  }

  private startService(name: string): Promise<ServiceHandle> {
    const { pipeline, rctx, reporter, cache } = this.c;
    const stage = pipeline.stages[name];
    const report = this.reports[name];
    return this.pool.ensure(name, async () => {
      for (const n of stage.needs) {
        if (pipeline.stages[n].task.kind === "service") await this.startService(n);
      }
      const t0 = performance.now();
      report.started_at = new Date().toISOString();
      report.status = "ran";
      report.why = "needed by a stage that ran";
      reporter.line(`▶ ${name} starting`);
      const params = parseParams(
        stage,
        resolveWith(stage, this.upstream, rctx.env, true),
        pipeline.locator,
      );
      const workdir = join(
        cache.root,
        "services",
        `${name}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}`,
      );
      const handle = await launchService(stage.task as ServiceTask, params, {
        workdir,
        context: this.context(stage, workdir),
        signal: this.abort.signal,
        health: this.c.health,
      });
      this.upstream[name].result = { dir: workdir, outputs: handle.exports };
      report.outputs = handle.exports;
      reporter.line(`✓ ${name} up in ${secs(performance.now() - t0)}`);
      return handle;
    }).catch((error) => {
      if (report.status !== "failed") {
        Object.assign(report, { status: "failed", error: errorText(error) });
        reporter.line(`✗ ${name} failed to start: ${errorText(error)}`);
        this.failed(name);
      }
      throw new Error(`service "${name}" failed to start: ${errorText(error)}`);
    });
  }

  private serviceStopped(name: string, error?: unknown): void {
    const report = this.reports[name];
    if (report.status !== "ran") return;
    if (report.started_at) report.duration_ms = Date.now() - Date.parse(report.started_at);
    if (error) report.error = `stop failed: ${errorText(error)}`;
    this.c.reporter.line(`■ ${name} stopped${error ? `: ${errorText(error)}` : ""}`);
  }

  /** One user of a service finished; when none is left, its own service needs are released too. */
  private async release(name: string): Promise<void> {
    await this.pool.release(name);
    if (this.pool.usersLeft(name) > 0 || this.cascaded.has(name)) return;
    this.cascaded.add(name);
    for (const n of this.c.pipeline.stages[name].needs) {
      if (this.c.pipeline.stages[n].task.kind === "service") await this.release(n);
    }
  }
}
