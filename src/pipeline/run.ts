/** @module `runPipeline`: load, select, plan or run, link results, write the manifest. */
import { join, resolve } from "node:path";
import { UserError } from "../util/errors.ts";
import { Cache } from "./cache.ts";
import { createCodeHasher } from "./code.ts";
import { DigestMemo } from "./hash.ts";
import { type LoadedPipeline, loadPipeline } from "./load.ts";
import { makeRedactor, shownParams, writeManifest } from "./manifest.ts";
import { type PlannedStage, planRun } from "./plan.ts";
import { Reporter, type ReporterOptions } from "../util/reporter.ts";
import { type ResolveContext, secretValues } from "./resolve.ts";
import { Runner, type StageReport } from "./runner.ts";
import { selectRun } from "./select.ts";
import type { HealthOptions } from "./services.ts";
import type { Task } from "./task.ts";

/** Options of one pipeline run (the CLI flags, typed). */
export interface RunPipelineOptions {
  /** The pipeline file, relative to `cwd`; named as given in messages. */
  file: string;
  registry: Record<string, Task>;
  /** Default `.turnbench`. */
  cacheDir?: string;
  /** Default `results`. */
  resultsDir?: string;
  /** Default `runs`. */
  runsDir?: string;
  /** Run only these stages (their needs come from the cache). */
  only?: string[];
  /** Run this stage and everything downstream of it. */
  from?: string;
  /** Run this stage and everything it needs. */
  until?: string;
  /** Rerun these stages even if cached; `true` or `[]`: every selected stage. */
  force?: boolean | string[];
  keepGoing?: boolean;
  /** Jobs at once (default 2). */
  jobs?: number;
  /** Only work out the plan. */
  dryRun?: boolean;
  /** `stage.key=value` overrides. */
  set?: string[];
  /** Aborts the run (Ctrl-C): stages are told, services stopped, the manifest written. */
  signal?: AbortSignal;
  /** Folder that relative paths are resolved against (default: the process cwd). */
  cwd?: string;
  /** Environment for `${{ env.X }}` (default: the process environment). */
  env?: Record<string, string | undefined>;
  /** Where stderr output goes (tests). */
  reporter?: ReporterOptions;
  health?: HealthOptions;
}

/** What a run did. */
export interface RunReport {
  pipeline: string;
  status: "ok" | "failed" | "interrupted" | "planned";
  /** 0 ok, 1 a stage failed, 130 interrupted. */
  exitCode: number;
  stages: Record<string, StageReport>;
  /** Path of the manifest (absent for a dry run). */
  manifest?: string;
  /** The plan (dry run only). */
  plan?: PlannedStage[];
}

/**
 * Runs a pipeline file (or plans it, with `dryRun`).
 *
 * @throws PipelineSpecError / UserError (exit code 2) for an invalid file, flags, or a needed
 * stage missing from the cache
 * @example
 * ```ts
 * const report = await runPipeline({ file: "pipelines/mixed.yaml", registry: TASKS });
 * Deno.exit(report.exitCode);
 * ```
 */
export async function runPipeline(opts: RunPipelineOptions): Promise<RunReport> {
  const cwd = opts.cwd ?? Deno.cwd();
  const env = opts.env ?? Deno.env.toObject();
  const pipeline = await loadPipeline(resolve(cwd, opts.file), {
    registry: opts.registry,
    set: opts.set,
    env,
  }, opts.file);
  const { sel, active, cacheOnly, force } = selectRun(pipeline, opts);
  const cacheRoot = resolve(cwd, opts.cacheDir ?? ".turnbench");
  await Deno.mkdir(cacheRoot, { recursive: true });
  const memo = await DigestMemo.load(join(cacheRoot, "digests.json"));
  const cache = new Cache(cacheRoot, memo);
  const rctx: ResolveContext = {
    env,
    codeHash: createCodeHasher(),
    memo,
    cacheRoot,
    cwd,
    locator: pipeline.locator,
  };
  const redact = makeRedactor(Object.values(pipeline.stages).flatMap((s) => secretValues(s, env)));
  const reporter = new Reporter({ ...opts.reporter, redact });
  try {
    if (opts.dryRun) {
      const plan = await planRun(pipeline, active, force, cache, rctx);
      return { pipeline: pipeline.name, status: "planned", exitCode: 0, stages: {}, plan };
    }
    for (const moved of await cache.sweepStale()) {
      reporter.line(`note: staging folder of a killed run moved to ${moved}`);
    }
    if (cacheOnly.size) await checkCacheOnly(pipeline, active, cacheOnly, cache, rctx);
    const started = new Date();
    const runner = new Runner({
      pipeline,
      active,
      cacheOnly,
      force,
      keepGoing: opts.keepGoing ?? false,
      jobs: opts.jobs ?? 2,
      signal: opts.signal,
      cache,
      rctx,
      reporter,
      resultsDir: resolve(cwd, opts.resultsDir ?? "results"),
      health: opts.health,
    });
    await runner.run();
    const failed = Object.values(runner.reports).some((r) => r.status === "failed");
    const status = runner.interrupted ? "interrupted" : failed ? "failed" : "ok";
    const exitCode = status === "interrupted" ? 130 : failed ? 1 : 0;
    const manifest = await writeManifest(resolve(cwd, opts.runsDir ?? "runs"), {
      pipeline: pipeline.name,
      file: opts.file,
      description: pipeline.description,
      started_at: started.toISOString(),
      finished_at: new Date().toISOString(),
      duration_ms: Date.now() - started.getTime(),
      status,
      exit_code: exitCode,
      options: {
        selected: [...sel],
        force: [...force],
        keep_going: opts.keepGoing ?? false,
        jobs: opts.jobs ?? 2,
        set: opts.set ?? [],
      },
      cache_dir: cacheRoot,
      stages: Object.fromEntries(
        Object.entries(runner.reports).map((
          [n, r],
        ) => [n, { ...r, params: shownParams(pipeline, n) }]),
      ),
    }, redact);
    reporter.line(`manifest: ${manifest}`);
    return { pipeline: pipeline.name, status, exitCode, stages: runner.reports, manifest };
  } finally {
    reporter.close();
    await memo.save().catch(() => {});
  }
}

async function checkCacheOnly(
  pipeline: LoadedPipeline,
  active: Set<string>,
  cacheOnly: Set<string>,
  cache: Cache,
  rctx: ResolveContext,
): Promise<void> {
  const plan = await planRun(pipeline, active, new Set(), cache, rctx);
  const missing = plan.filter((p) =>
    cacheOnly.has(p.stage) && p.action === "run" && !p.why.startsWith("upstream")
  );
  if (missing.length === 0) return;
  const direct = [...cacheOnly].filter((n) =>
    pipeline.order.some((m) => !cacheOnly.has(m) && active.has(m) && pipeline.graph[m].includes(n))
  );
  const hint = direct.map((n) => `--until ${n}`).join(", then ");
  const lines = missing.map((p) =>
    `Stage "${p.stage}" is needed but not selected, and has no cache entry (${p.why}): run it first, e.g. with ${hint}`
  );
  throw new UserError(lines.join("\n"), { exitCode: 2 });
}
