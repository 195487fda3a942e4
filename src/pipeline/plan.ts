/** @module The plan of a run without running anything: which stages are cached, which would run, and why. */
import type { Cache, Entry } from "./cache.ts";
import { keyOf, type KeyParts, whyMiss } from "./key.ts";
import type { LoadedPipeline } from "./load.ts";
import { keyParts, type ResolveContext, serviceKey, type Upstream } from "./resolve.ts";
import type { StageResult } from "./task.ts";

/** One stage in the plan. */
export interface PlannedStage {
  stage: string;
  /** `cached` (entry found), `run`, `start` (a service some stage needs), `idle` (a service nobody needs), `skip` (not selected). */
  action: "cached" | "run" | "start" | "idle" | "skip";
  why: string;
  key?: string;
}

/**
 * Works out what a run would do, in stage order. A stage downstream of one that would run is
 * planned to run too (its key depends on content not made yet).
 *
 * @param active stages the run would process; others are `skip`
 * @param force stages to run even when cached
 * @example
 * ```ts
 * for (const p of await planRun(pipeline, active, new Set(), cache, rctx, "mixed")) console.log(p.stage, p.action, p.why);
 * ```
 */
export async function planRun(
  pipeline: LoadedPipeline,
  active: Set<string>,
  force: Set<string>,
  cache: Cache,
  rctx: ResolveContext,
): Promise<PlannedStage[]> {
  const plans = new Map<string, PlannedStage>();
  const upstream: Record<string, Upstream> = {};
  for (const name of pipeline.order) {
    const stage = pipeline.stages[name];
    if (!active.has(name)) {
      plans.set(name, { stage: name, action: "skip", why: "not selected" });
      continue;
    }
    if (stage.task.kind === "service") {
      upstream[name] = { kind: "service", digest: await serviceKey(stage, upstream, rctx) };
      plans.set(name, {
        stage: name,
        action: "idle",
        why: "no stage that needs it will run",
        key: upstream[name].digest,
      });
      continue;
    }
    const waiting = stage.needs.filter((n) => plans.get(n)?.action === "run");
    if (waiting.length) {
      plans.set(name, {
        stage: name,
        action: "run",
        why: `upstream will run (${waiting.join(", ")})`,
      });
      continue;
    }
    let plan: PlannedStage;
    try {
      const parts = await keyParts(stage, upstream, rctx);
      const key = keyOf(parts);
      const found = await lookupJob(cache, pipeline.name, name, parts, force.has(name));
      if (found.hit) {
        const { entry, dir } = found.hit;
        const result: StageResult = { dir, outputs: outputsOf(entry, dir) };
        upstream[name] = { kind: "job", digest: entry.digest, result };
        plan = { stage: name, action: "cached", why: "entry found", key };
      } else plan = { stage: name, action: "run", why: found.why, key };
    } catch (error) {
      plan = {
        stage: name,
        action: "run",
        why: `cannot compute key: ${error instanceof Error ? error.message : error}`,
      };
    }
    plans.set(name, plan);
  }
  for (const name of [...pipeline.order].reverse()) {
    const plan = plans.get(name)!;
    if (plan.action !== "idle") continue;
    const users = pipeline.order.filter((n) =>
      pipeline.stages[n].needs.includes(name) && ["run", "start"].includes(plans.get(n)!.action)
    );
    if (users.length) {
      Object.assign(plan, { action: "start", why: `needed by ${users.join(", ")}` });
    }
  }
  return pipeline.order.map((n) => plans.get(n)!);
}

/** A job's cache lookup: the entry it hit, or why it missed. */
export type JobLookup = { hit: { entry: Entry; dir: string }; why?: undefined } | {
  hit?: undefined;
  why: string;
};

/**
 * Looks a job's key up: a verified entry, or why it missed (`forced`, `cache entry damaged (…)`,
 * or what changed since the job's last key).
 */
export async function lookupJob(
  cache: Cache,
  pipeline: string,
  name: string,
  parts: KeyParts,
  forced: boolean,
): Promise<JobLookup> {
  if (forced) return { why: "forced" };
  const found = await cache.lookup(keyOf(parts));
  if (found.status === "hit") return { hit: found };
  if (found.status === "damaged") return { why: `cache entry damaged (${found.detail})` };
  return { why: whyMiss(await cache.readIndex(pipeline, name), parts) };
}

/** Absolute outputs of an entry: file outputs joined to its folder. */
export function outputsOf(
  entry: { outputs: Record<string, { file: string } | { value: string | number | boolean }> },
  dir: string,
): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(entry.outputs).map(([k, o]) => [k, "file" in o ? `${dir}/${o.file}` : o.value]),
  );
}
