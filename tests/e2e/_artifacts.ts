/** @module Reading what the CLIs leave behind: manifests, records, cache entries, staging, report.md. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join, relative } from "node:path";
import { type CliResult, REPO } from "./_helpers.ts";

/** Names in a folder (empty when it does not exist). */
export async function list(dir: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) out.push(e.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return out.sort();
}

/** True when the path exists (without following a final symlink). */
export { exists } from "../../src/pipeline/fsutil.ts";

/** A stage's record in a run manifest. */
export interface ManifestStage {
  task: string;
  kind: "job" | "service";
  status: "cached" | "ran" | "failed" | "skipped";
  key?: string;
  why?: string;
  started_at?: string;
  dir?: string;
  failed_dir?: string;
  error?: string;
}

/** The parts of a run manifest the tests read. */
export interface Manifest {
  pipeline: string;
  status: "ok" | "failed" | "interrupted";
  exit_code: number;
  stages: Record<string, ManifestStage>;
}

/** The one manifest a run's stderr names (`manifest: <path>`). */
export async function manifestOf(r: CliResult): Promise<Manifest> {
  const m = r.stderr.match(/^manifest: (.+)$/m);
  assert.ok(m, `no manifest line in stderr:\n${r.stderr}`);
  return JSON.parse(await Deno.readTextFile(m[1]));
}

/** `{ stage: status }` of a manifest. */
export function statuses(m: Manifest): Record<string, string> {
  return Object.fromEntries(Object.entries(m.stages).map(([k, v]) => [k, v.status]));
}

/** Parses a JSONL file; a line that is not JSON fails the test naming `file:line`. */
export async function readJsonl<T = Record<string, unknown>>(path: string): Promise<T[]> {
  const text = await Deno.readTextFile(path);
  const lines = text.split("\n");
  assert.equal(lines.pop(), "", `${path} does not end with a newline`);
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as T;
    } catch (error) {
      throw new Error(`${path}:${i + 1}: not JSON: ${(error as Error).message}`);
    }
  });
}

/** Lines of a file that end with a newline (a trailing partial line is left out). */
export async function completeLines(path: string): Promise<string[]> {
  const text = await Deno.readTextFile(path).catch(() => "");
  return text.split("\n").slice(0, -1);
}

/** The staging folders of a cache (`<cache>/staging/<key>.<pid>.<rand>`). */
export async function stagingDirs(cacheDir: string): Promise<string[]> {
  return (await list(join(cacheDir, "staging"))).map((n) => join(cacheDir, "staging", n));
}

/** A staging folder whose records.jsonl has at least `n` complete lines, if there is one. */
export async function stagedRecords(cacheDir: string, n: number): Promise<string | undefined> {
  for (const dir of await stagingDirs(cacheDir)) {
    if ((await completeLines(join(dir, "records.jsonl"))).length >= n) return dir;
  }
  return undefined;
}

/** The failed-job folders of a cache whose name starts with `<stage>-`. */
export async function failedDirs(cacheDir: string, stage: string): Promise<string[]> {
  return (await list(join(cacheDir, "failed")))
    .filter((n) => n.startsWith(`${stage}-`))
    .map((n) => join(cacheDir, "failed", n));
}

async function walk(dir: string, root = dir, out: string[] = []): Promise<string[]> {
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    const st = e.isSymlink ? await Deno.stat(p) : e;
    if (st.isDirectory) await walk(p, root, out);
    else out.push(relative(root, p));
  }
  return out.sort();
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  using f = await Deno.open(path);
  for await (const chunk of f.readable) hash.update(chunk);
  return hash.digest("hex");
}

/** A cache entry's `.entry.json`, as far as the tests read it. */
export interface EntryRecord {
  key: string;
  stage: string;
  files: Record<string, { sha256: string; size: number }>;
}

/**
 * Checks every entry under `<cache>/cache/`: its `.entry.json` names its own folder, and its file
 * list, sizes and sha256 match the files on disk exactly; and the entries' stages, sorted, are
 * exactly `stages` (so a missing or renamed cache folder fails instead of checking nothing).
 * Returns the entries.
 */
export async function assertCacheSound(
  cacheDir: string,
  stages: readonly string[],
): Promise<EntryRecord[]> {
  const entries: EntryRecord[] = [];
  const root = join(cacheDir, "cache");
  const info = await Deno.stat(root).catch(() => null);
  assert.ok(info?.isDirectory, `no cache folder at ${root}`);
  for (const key of await list(root)) {
    const dir = join(root, key);
    const entry: EntryRecord = JSON.parse(await Deno.readTextFile(join(dir, ".entry.json")));
    assert.equal(entry.key, key, `entry ${key} names key ${entry.key}`);
    const onDisk = (await walk(dir)).filter((f) => f !== ".entry.json");
    assert.deepEqual(onDisk, Object.keys(entry.files).sort(), `file list of entry ${key}`);
    for (const f of onDisk) {
      const st = await Deno.stat(join(dir, f));
      assert.equal(st.size, entry.files[f].size, `size of ${key}/${f}`);
      assert.equal(await sha256File(join(dir, f)), entry.files[f].sha256, `sha256 of ${key}/${f}`);
    }
    entries.push(entry);
  }
  assert.deepEqual(entries.map((e) => e.stage).sort(), [...stages].sort(), "stages of the entries");
  return entries;
}

/** Counts values: `{ value: n }`. */
export function countBy<T>(items: T[], key: (t: T) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) {
    const k = key(t);
    if (k !== null) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** One row of report.md's "Runs" table. */
export interface ReportRun {
  round: number;
  ok: number;
  total: number;
  /** `{ error_kind: count }` from the Errors column. */
  errors: Record<string, number>;
}

/** Reads the "## Runs" table of a report.md. */
export function reportRuns(markdown: string): ReportRun[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith("Runs\n"));
  assert.ok(section, "report.md has a Runs section");
  const rows = section.split("\n").filter((l) => l.startsWith("|"))
    .map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
  const [head, , ...body] = rows;
  const col = (name: string) => {
    const i = head.indexOf(name);
    assert.ok(i >= 0, `report.md Runs table has a "${name}" column`);
    return i;
  };
  const [round, okTotal, errors] = [col("Round"), col("Requests ok/total"), col("Errors")];
  return body.map((cells) => {
    const [ok, total] = cells[okTotal].split("/").map(Number);
    const errs: Record<string, number> = {};
    if (cells[errors] !== "0") {
      for (const part of cells[errors].split(",")) {
        const [kind, n] = part.split(":").map((s) => s.trim());
        errs[kind] = Number(n);
      }
    }
    return { round: Number(cells[round]), ok, total, errors: errs };
  });
}

/** Number of user turns in a JSON-array sessions file (the requests one round sends). */
export async function turnsIn(datasetFile: string): Promise<number> {
  const sessions: { user_messages: string[] }[] = JSON.parse(
    await Deno.readTextFile(join(REPO, datasetFile)),
  );
  return sessions.reduce((n, s) => n + s.user_messages.length, 0);
}
