/** @module Resolve a stage's references and compute its cache key parts. */
import { relative, resolve } from "node:path";
import { UserError } from "../util/errors.ts";
import type { DigestMemo } from "./hash.ts";
import { canonicalJson, canonicalParams, KEY_FORMAT, type KeyParts } from "./key.ts";
import { sha256Text } from "./hash.ts";
import type { LoadedStage } from "./load.ts";
import type { Locator } from "./issues.ts";
import { refTarget, substitute } from "./refs.ts";
import type { StageResult } from "./task.ts";
import { parseParams } from "./with_check.ts";

/** What a stage knows about one stage it needs. */
export interface Upstream {
  kind: "job" | "service";
  /** A job's entry content digest, or a service's own key. */
  digest: string;
  /** The job's entry or the started service's exports; absent for a service not (yet) started. */
  result?: StageResult;
}

/** What resolving needs from the run. */
export interface ResolveContext {
  env: Record<string, string | undefined>;
  codeHash: (task: LoadedStage["task"]) => Promise<string>;
  memo: DigestMemo;
  cacheRoot: string;
  cwd: string;
  locator: Locator;
}

/**
 * Substitutes a stage's references. A service that has not started yet stands in as
 * `http://service.invalid/<stage>/<name>` (enough to list local inputs before deciding to start
 * it; an http URL, so that a schema taking only http(s) URLs accepts it).
 * An unset variable (allowed in a secret param, which may fall back on its own) is an error only
 * when `strict` (about to run), else the empty string.
 *
 * @throws UserError when a referenced output does not exist, or (strict) a variable is unset
 */
export function resolveWith(
  stage: LoadedStage,
  upstream: Record<string, Upstream>,
  env: Record<string, string | undefined>,
  strict = false,
): unknown {
  return substitute(stage.with, (ref) => {
    if (ref.stage === "env") {
      const value = env[ref.field];
      if (value === undefined && strict) {
        throw new UserError(
          `Cannot run stage "${stage.name}": environment variable "${ref.field}" is not set`,
        );
      }
      return value ?? "";
    }
    const target = stage.targets[refTarget(ref)] ?? { jobs: [ref.stage], list: false };
    const values = target.jobs.map((job) => {
      const up = upstream[job];
      if (!up?.result) return `http://service.invalid/${encodeURIComponent(job)}/${ref.field}`;
      if (ref.field === "dir" && up.kind === "job") return up.result.dir;
      const value = up.result.outputs[ref.field];
      if (value === undefined) {
        const known = Object.keys(up.result.outputs).join(", ") || "none";
        throw new UserError(
          `Cannot resolve "${ref.raw}" in stage "${stage.name}": no output "${ref.field}" of "${job}" (it has: ${known})`,
        );
      }
      return value;
    });
    return target.list ? values : values[0];
  });
}

/**
 * Resolves a stage's references, then validates the result with the task's schema (defaults
 * filled): the one way params are made, for a key (`strict` off) and to run or start (`strict`).
 *
 * @throws UserError when a reference cannot be resolved or the params do not validate
 */
export function resolveParams(
  stage: LoadedStage,
  upstream: Record<string, Upstream>,
  ctx: Pick<ResolveContext, "env" | "locator">,
  strict = false,
): unknown {
  return parseParams(stage, resolveWith(stage, upstream, ctx.env, strict), ctx.locator);
}

/**
 * The key parts of a stage given its upstream digests: code hash, canonical params, local input
 * digests (paths inside the cache are upstream artifacts and left out), upstream digests.
 *
 * @throws UserError when the params do not validate
 */
export async function keyParts(
  stage: LoadedStage,
  upstream: Record<string, Upstream>,
  ctx: ResolveContext,
): Promise<KeyParts> {
  const inputs: Record<string, string> = {};
  if (stage.task.inputs) {
    const params = resolveParams(stage, upstream, ctx);
    for (const p of stage.task.inputs(params as never)) {
      const abs = resolve(ctx.cwd, p);
      if (!relative(ctx.cacheRoot, abs).startsWith("..")) continue;
      inputs[p] = await ctx.memo.path(abs);
    }
  }
  return {
    format: KEY_FORMAT,
    task: stage.task.name,
    code: await ctx.codeHash(stage.task),
    params: canonicalParams(stage.task, stage.with, ctx.env),
    inputs,
    upstream: Object.fromEntries(stage.needs.map((n) => [n, upstream[n]?.digest ?? "unknown"])),
    ...(stage.matrix ? { job: stage.name } : {}),
  };
}

/** A service's own key (code + params + upstream): what its dependents' keys include. */
export async function serviceKey(
  stage: LoadedStage,
  upstream: Record<string, Upstream>,
  ctx: ResolveContext,
): Promise<string> {
  const parts = {
    format: KEY_FORMAT,
    task: stage.task.name,
    code: await ctx.codeHash(stage.task),
    params: canonicalParams(stage.task, stage.with, ctx.env),
    upstream: Object.fromEntries(stage.needs.map((n) => [n, upstream[n]?.digest ?? "unknown"])),
    ...(stage.matrix ? { job: stage.name } : {}),
  };
  return sha256Text(canonicalJson(parts));
}

/** Secret values of a stage (its secret params after env substitution), for redaction. */
export function secretValues(
  stage: LoadedStage,
  env: Record<string, string | undefined>,
): string[] {
  const out: string[] = [];
  for (const name of stage.task.secrets ?? []) {
    if (!(name in stage.with)) continue;
    const v = substitute(stage.with[name], (r) => (r.stage === "env" ? env[r.field] ?? "" : ""));
    for (const s of typeof v === "string" ? [v] : Object.values(v ?? {})) {
      if (typeof s === "string" && s.length >= 3) out.push(s);
    }
  }
  return out;
}
