/** @module The run manifest (`runs/<yyyymmdd-hhmmss>-<pipeline>/manifest.json`) and secret redaction. */
import { join } from "node:path";
import { writeJsonFile } from "../io/json_file.ts";
import { mkdirUnique, stamp } from "./fsutil.ts";
import type { LoadedPipeline } from "./load.ts";
import { substitute } from "./refs.ts";
import type { StageReport } from "./runner.ts";

/** The text secrets are replaced with. */
export const REDACTED = "***";

/**
 * Makes a function that replaces every occurrence of the given secret values with `***`.
 *
 * @example
 * ```ts
 * makeRedactor(["sk-123"])("key sk-123"); // "key ***"
 * ```
 */
export function makeRedactor(secrets: string[]): (text: string) => string {
  const list = [...new Set(secrets.filter((s) => s.length >= 3))].sort((a, b) =>
    b.length - a.length
  );
  if (list.length === 0) return (t) => t;
  return (text) => list.reduce((t, s) => t.split(s).join(REDACTED), text);
}

/** Applies `redact` to every string (values and keys) in a JSON tree. */
export function redactTree(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactTree(v, redact));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [redact(k), redactTree(v, redact)]),
    );
  }
  return value;
}

/** A stage's params for the manifest: `${{ env.X }}` shown as written, secret params as `***`. */
export function shownParams(pipeline: LoadedPipeline, stage: string): Record<string, unknown> {
  const s = pipeline.stages[stage];
  const secrets = new Set(s.task.secrets ?? []);
  return Object.fromEntries(
    Object.entries(s.with).map((
      [k, v],
    ) => [k, secrets.has(k) ? REDACTED : substitute(v, (r) => r.raw)]),
  );
}

/** Everything the manifest records about a run. */
export interface ManifestBody {
  pipeline: string;
  file: string;
  description?: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  status: "ok" | "failed" | "interrupted";
  exit_code: number;
  options: Record<string, unknown>;
  cache_dir: string;
  stages: Record<string, StageReport & { params: Record<string, unknown> }>;
}

/**
 * Writes the manifest into a new run folder, with every secret value redacted.
 *
 * @returns the manifest path
 */
export async function writeManifest(
  runsDir: string,
  body: ManifestBody,
  redact: (text: string) => string,
): Promise<string> {
  const dir = await mkdirUnique(
    join(runsDir, `${stamp(new Date(body.started_at))}-${body.pipeline}`),
  );
  const path = join(dir, "manifest.json");
  await writeJsonFile(path, redactTree({ format: 1, ...body }, redact));
  return path;
}
