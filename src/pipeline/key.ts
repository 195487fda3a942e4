/** @module Cache keys: what goes into a job's key, and why a key differs from the last one. */
import { sha256Text } from "./hash.ts";
import { refText, substitute } from "./refs.ts";
import type { Task } from "./task.ts";

/** Bumped whenever the key recipe or the entry layout changes. */
export const KEY_FORMAT = 1;

/** Everything a key is made of; kept per stage in `.turnbench/index/` to explain the next miss. */
export interface KeyParts {
  format: number;
  task: string;
  /** Hash of the task module and its local imports. */
  code: string;
  /** Canonical params: references symbolic, env values of non-secret params inlined, secrets left out. */
  params: unknown;
  /** Local input path → content digest. */
  inputs: Record<string, string>;
  /** Upstream stage → its entry's content digest (jobs) or its own key (services). */
  upstream: Record<string, string>;
  /** A matrix job's name (`sweep[endpoint=b]`); absent for a stage without a matrix. */
  job?: string;
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
  );
}

/**
 * The canonical params of a stage: secret params dropped, `${{ env.X }}` inlined, stage
 * references kept as their text (their upstream digests enter the key separately).
 */
export function canonicalParams(
  task: Task,
  withBlock: Record<string, unknown>,
  env: Record<string, string | undefined>,
): unknown {
  const secrets = new Set(task.secrets ?? []);
  const kept = Object.fromEntries(Object.entries(withBlock).filter(([k]) => !secrets.has(k)));
  return substitute(
    kept,
    (ref) => ref.stage === "env" ? env[ref.field] ?? "" : refText(ref),
  );
}

/**
 * The key: sha256 of the canonical JSON of its parts.
 *
 * @example
 * ```ts
 * const key = keyOf({ format: KEY_FORMAT, task: "merge", code, params, inputs: {}, upstream: {} });
 * ```
 */
export function keyOf(parts: KeyParts): string {
  return sha256Text(canonicalJson(parts));
}

function changed(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k])).sort();
}

/**
 * Says why a key missed, comparing with the last key's parts for that stage.
 *
 * @returns `no entry`, `task code changed`, `params changed (x, y)`, `input changed (path)` or
 * `upstream changed (stage)`
 */
export function whyMiss(previous: KeyParts | undefined, current: KeyParts): string {
  if (!previous || previous.format !== current.format) return "no entry";
  if (previous.task !== current.task || previous.code !== current.code) return "task code changed";
  const asRecord = (v: unknown) =>
    (v && typeof v === "object" ? v : { value: v }) as Record<string, unknown>;
  const params = changed(asRecord(previous.params), asRecord(current.params));
  if (params.length) return `params changed (${params.join(", ")})`;
  const inputs = changed(previous.inputs, current.inputs);
  if (inputs.length) return `input changed (${inputs.join(", ")})`;
  const upstream = changed(previous.upstream, current.upstream);
  if (upstream.length) return `upstream changed (${upstream.join(", ")})`;
  return "no entry";
}
