/** @module What the runner records per stage, and what it needs to run. */
import type { Cache } from "./cache.ts";
import type { LoadedPipeline } from "./load.ts";
import type { Reporter } from "../util/reporter.ts";
import type { ResolveContext } from "./resolve.ts";
import type { HealthOptions } from "./services.ts";

/** How a stage ended. */
export type StageStatus = "cached" | "ran" | "failed" | "skipped";

/** One stage in a run's report and manifest. */
export interface StageReport {
  task: string;
  kind: "job" | "service";
  status: StageStatus;
  key?: string;
  /** Why it missed the cache (or was skipped). */
  why?: string;
  started_at?: string;
  duration_ms?: number;
  outputs?: Record<string, string | number | boolean>;
  /** The stable path `results/<pipeline>/<stage>` (a symlink to the cache entry). */
  artifact?: string;
  /** The cache entry folder. */
  dir?: string;
  /** Where a failed job's partial output was kept. */
  failed_dir?: string;
  error?: string;
  /** For a matrix job: the stage as written (`sweep`). */
  stage?: string;
  /** For a matrix job: its values as named in its name (`{ endpoint: "b" }`). */
  matrix?: Record<string, string>;
}

/** Everything the runner needs. */
export interface RunnerConfig {
  pipeline: LoadedPipeline;
  /** Stages to process (selected ones and what they need). */
  active: Set<string>;
  /** Stages not selected but needed: they must come from the cache. */
  cacheOnly: Set<string>;
  force: Set<string>;
  keepGoing: boolean;
  jobs: number;
  signal?: AbortSignal;
  cache: Cache;
  rctx: ResolveContext;
  reporter: Reporter;
  resultsDir: string;
  health?: HealthOptions;
}
