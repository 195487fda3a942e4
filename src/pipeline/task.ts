/** @module The contract every pipeline stage module in `tasks/` implements. */
import type { z } from "zod";
import type { Progress } from "../util/progress.ts";

/** What a finished upstream stage offers to the stages that need it. */
export interface StageResult {
  /** Absolute path of the stage's artifact folder (stable once the stage is done). */
  dir: string;
  /** Named outputs: file paths (absolute) or plain values the stage exported. */
  outputs: Record<string, string | number | boolean>;
}

/** Progress reporting handed to a stage: the one progress interface of `src/util/progress.ts`. */
export type StageProgress = Progress;

/** Everything the runner gives a stage when it runs. */
export interface TaskContext {
  /** The pipeline stage name (e.g. `sweep`), or for a matrix job its name (`sweep[endpoint=b]`). */
  stage: string;
  /** The pipeline being run (name and file), for provenance; absent outside a pipeline. */
  pipeline?: { name: string; file: string };
  /** The folder the job must write into (a staging folder; moved into the cache on success). */
  outDir: string;
  /** Results of the stages (jobs) it needs, keyed by job name. */
  needs: Record<string, StageResult>;
  /** Aborted on Ctrl-C, on `--keep-going` off and a sibling failing, or on timeout. */
  signal: AbortSignal;
  /** Writes one progress/log line to stderr, prefixed with the stage name. */
  log(message: string): void;
  /** Live progress for long work. */
  progress: StageProgress;
  /**
   * The kept `failed/` folder of an earlier attempt with the same cache key (not on `--force`),
   * for a stage that can continue from it (the sweep resumes); undefined when there is none.
   */
  previousAttempt?: string;
}

/** What a job returns: named outputs, paths relative to `outDir` or plain values. */
export interface JobResult {
  outputs?: Record<string, string | number | boolean>;
}

/** A running service: its exported values (e.g. `url`) and how to stop it. */
export interface ServiceHandle {
  exports: Record<string, string | number | boolean>;
  /** Health URL the runner polls (GET, 2xx) before dependents start. */
  healthUrl?: string;
  stop(): Promise<void>;
}

interface TaskBase<S extends z.ZodType> {
  /** The name used as `task:` in a pipeline file. */
  name: string;
  /** One line for `--help` and the README. */
  description: string;
  /** Validates and defaults the stage's `with:` block. */
  schema: S;
  /**
   * Parameter names that hold secrets (API keys): left out of the cache key and redacted in
   * manifests and logs.
   */
  secrets?: readonly string[];
  /**
   * Local files or folders the stage reads, given its params; their content digests enter the cache
   * key. Paths of upstream stages' outputs need not be listed.
   */
  inputs?(params: z.infer<S>): string[];
  /**
   * URL of the module that defines the task: its source and its local imports enter the cache
   * key. `defineJob`/`defineService` fill it from the caller's location when omitted.
   */
  module?: string;
  /**
   * The outputs (jobs) or exports (services) the task produces and their types, when known: lets
   * the pipeline loader check `${{ stage.name }}` references before anything runs. Optional.
   */
  outputs?: Readonly<Record<string, OutputType>>;
}

/** The type of a declared output: a file inside the output folder, or a plain value. */
export type OutputType = "file" | "string" | "number" | "boolean";

/** The `file:` URL of the module that called the function calling this one, if it can be told. */
function callerModule(): string | undefined {
  const self = import.meta.url;
  for (const m of (new Error().stack ?? "").matchAll(/(file:\/\/[^\s()]+?):\d+:\d+/g)) {
    if (m[1] !== self) return m[1];
  }
  return undefined;
}

/** A stage that produces artifacts into its output folder; cached by the runner. */
export interface JobTask<S extends z.ZodType = z.ZodType> extends TaskBase<S> {
  kind: "job";
  run(params: z.infer<S>, ctx: TaskContext): Promise<JobResult | void>;
}

/** A stage that runs alongside its dependents (the mock); never cached. */
export interface ServiceTask<S extends z.ZodType = z.ZodType> extends TaskBase<S> {
  kind: "service";
  start(params: z.infer<S>, ctx: TaskContext): Promise<ServiceHandle>;
}

/** Either kind of stage. */
export type Task = JobTask | ServiceTask;

/**
 * Declares a job task with its parameter types inferred from the schema.
 *
 * @example
 * ```ts
 * export default defineJob({ name: "merge", description: "…", schema, kind: "job", run });
 * ```
 */
export function defineJob<S extends z.ZodType>(task: JobTask<S>): JobTask<S> {
  return { ...task, module: task.module ?? callerModule() };
}

/** Declares a service task with its parameter types inferred from the schema. */
export function defineService<S extends z.ZodType>(task: ServiceTask<S>): ServiceTask<S> {
  return { ...task, module: task.module ?? callerModule() };
}
