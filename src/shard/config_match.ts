/**
 * @module Whether two sweeps ran the same configuration: every field of `SweepConfig` but the
 * dataset's path (its sha256 `dataset_digest` stands for its content; each shard or attempt may
 * read its own copy) and the endpoint (a mock on a fresh port, or each node's own route to the
 * same server, is still the same server; the merge names endpoints that differ).
 */
import { isDeepStrictEqual } from "node:util";
import type { SweepConfig } from "../results/summary.ts";

/** Fields that may differ between runs of one configuration. */
const IGNORED = new Set<string>(["dataset", "endpoint"]);

/** The first field in which two configurations differ. */
export interface ConfigDifference {
  field: string;
  a: unknown;
  b: unknown;
}

/**
 * The first field (in `a`'s order, then `b`'s) whose values differ, ignoring the dataset's path
 * and the endpoint; null when the configurations match.
 *
 * @example
 * ```ts
 * configDifference(a, { ...a, rounds: 3 }); // { field: "rounds", a: 2, b: 3 }
 * ```
 */
export function configDifference(a: SweepConfig, b: SweepConfig): ConfigDifference | null {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const field of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (IGNORED.has(field)) continue;
    if (!isDeepStrictEqual(ra[field], rb[field])) return { field, a: ra[field], b: rb[field] };
  }
  return null;
}

/** A value as it appears in a message: JSON, quoted text. */
export function shown(value: unknown): string {
  return value === undefined ? "missing" : JSON.stringify(value);
}
