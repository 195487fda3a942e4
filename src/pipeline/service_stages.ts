/** @module The service stages of one run: their keys, on-demand start, and stop after their last user. */
import { join } from "node:path";
import type { LoadedStage } from "./load.ts";
import { resolveParams, serviceKey, type Upstream } from "./resolve.ts";
import { launchService, ServicePool } from "./services.ts";
import type { RunnerConfig } from "./stage_report.ts";
import { errorText, secs, type StageLog } from "./stage_log.ts";
import type { ServiceHandle, ServiceTask, TaskContext } from "./task.ts";

/** What the service stages share with the runner. */
export interface RunShared {
  upstream: Record<string, Upstream>;
  log: StageLog;
  signal: AbortSignal;
  /** Waits for a stage's needs; false (the stage marked skipped) when one is unusable. */
  needsReady(stage: LoadedStage): Promise<boolean>;
  /** The context handed to a stage writing into `dir`. */
  context(stage: LoadedStage, dir: string): TaskContext;
}

/** Starts services when a job that needs them runs, and stops each after its last user. */
export class ServiceStages {
  private readonly pool: ServicePool;
  private readonly cascaded = new Set<string>();

  constructor(private readonly c: RunnerConfig, private readonly s: RunShared) {
    this.pool = new ServicePool((name, error) => this.stopped(name, error));
  }

  /** Counts, for every active service, the active stages that need it. */
  countUsers(): void {
    const { pipeline, active } = this.c;
    for (const name of pipeline.order) {
      if (!active.has(name) || pipeline.stages[name].task.kind !== "service") continue;
      const users = pipeline.order.filter((n) =>
        active.has(n) && pipeline.stages[n].needs.includes(name)
      );
      this.pool.setUsers(name, users.length);
    }
  }

  /** Settles a service stage: its key, once its needs are; it starts later, on demand. */
  async settle(stage: LoadedStage): Promise<boolean> {
    const report = this.s.log.of(stage.name);
    try {
      if (!await this.s.needsReady(stage)) return false;
      report.key = await serviceKey(stage, this.s.upstream, this.c.rctx);
      this.s.upstream[stage.name] = { kind: "service", digest: report.key };
      report.why = "no stage that needs it ran";
      return true;
    } catch (error) {
      return this.s.log.fail(stage.name, error);
    }
  }

  /** Starts every service a stage needs (and theirs, first). */
  async startNeeds(stage: LoadedStage): Promise<void> {
    for (const n of this.serviceNeeds(stage)) await this.start(n);
  }

  /** A stage that needed services is done with them. */
  async releaseNeeds(stage: LoadedStage): Promise<void> {
    for (const n of this.serviceNeeds(stage)) await this.release(n);
  }

  /** Stops every started service. */
  stopAll(): Promise<void> {
    return this.pool.stopAll();
  }

  private serviceNeeds(stage: LoadedStage): string[] {
    return stage.needs.filter((n) => this.c.pipeline.stages[n].task.kind === "service");
  }

  private start(name: string): Promise<ServiceHandle> {
    const { pipeline, rctx, cache } = this.c;
    const stage = pipeline.stages[name];
    const report = this.s.log.of(name);
    return this.pool.ensure(name, async () => {
      await this.startNeeds(stage);
      const t0 = performance.now();
      report.status = "ran";
      report.why = "needed by a stage that ran";
      this.s.log.started(name, "starting");
      const params = resolveParams(stage, this.s.upstream, rctx, true);
      const workdir = join(
        cache.root,
        "services",
        `${name}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}`,
      );
      const handle = await launchService(stage.task as ServiceTask, params, {
        workdir,
        context: this.s.context(stage, workdir),
        signal: this.s.signal,
        health: this.c.health,
      });
      this.s.upstream[name].result = { dir: workdir, outputs: handle.exports };
      report.outputs = handle.exports;
      this.s.log.line(`✓ ${name} up in ${secs(performance.now() - t0)}`);
      return handle;
    }).catch((error) => {
      this.s.log.fail(name, error, { verb: "failed to start" });
      throw new Error(`service "${name}" failed to start: ${errorText(error)}`);
    });
  }

  private stopped(name: string, error?: unknown): void {
    const report = this.s.log.of(name);
    if (report.status !== "ran") return;
    if (report.started_at) report.duration_ms = Date.now() - Date.parse(report.started_at);
    if (error) report.error = `stop failed: ${errorText(error)}`;
    this.s.log.line(`■ ${name} stopped${error ? `: ${errorText(error)}` : ""}`);
  }

  /** One user of a service finished; when none is left, its own service needs are released too. */
  private async release(name: string): Promise<void> {
    await this.pool.release(name);
    if (this.pool.usersLeft(name) > 0 || this.cascaded.has(name)) return;
    this.cascaded.add(name);
    await this.releaseNeeds(this.c.pipeline.stages[name]);
  }
}
