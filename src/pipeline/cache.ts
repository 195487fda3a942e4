/**
 * @module The content-addressed cache in `.turnbench/`.
 *
 * Layout: `cache/<key>/` (an entry: the job's files plus `.entry.json`), `staging/<key>.<pid>.<rand>/`
 * (a job being written), `failed/<stage>-<time>/` (kept for inspection), `index/<pipeline>/<stage>.json`
 * (the last key's parts, to explain a miss), `digests.json` (the digest memo).
 *
 * Concurrency: no locks. An entry appears only by renaming a complete staging folder onto
 * `cache/<key>`, which is atomic; when two runs race, the second rename fails because the folder
 * exists and is not empty, and the loser drops its copy and uses the winner's entry (a job may run
 * twice, the cache is never half-written).
 */
import { isAbsolute, join, normalize } from "node:path";
import { z } from "zod";
import { readJsonFile, writeJsonFile } from "../io/json_file.ts";
import { InputError } from "../util/errors.ts";
import { type DigestMemo, type FileDigest, sha256Text } from "./hash.ts";
import { exists, moveUnique, pidAlive, stamp } from "./fsutil.ts";
import { canonicalJson, type KeyParts } from "./key.ts";

/** A named output as stored: a file (relative to the entry) or a plain value. */
export type StoredOutput = { file: string } | { value: string | number | boolean };

/** The `.entry.json` of a cache entry. */
export interface Entry {
  format: 1;
  key: string;
  task: string;
  stage: string;
  pipeline: string;
  created_at: string;
  files: Record<string, FileDigest>;
  outputs: Record<string, StoredOutput>;
  /** Digest of the entry's content (files + outputs): what downstream keys depend on. */
  digest: string;
  /** sha256 of this record without this field. */
  integrity: string;
}

/** The result of looking a key up. */
export type Lookup =
  | { status: "hit"; entry: Entry; dir: string }
  | { status: "miss" }
  | { status: "damaged"; detail: string };

const ENTRY = ".entry.json";
const STAGING_INFO = ".staging.json";

/** The cache folder and its operations. */
export class Cache {
  constructor(readonly root: string, private readonly memo: DigestMemo) {}

  /** The folder of an entry. */
  entryDir(key: string): string {
    return join(this.root, "cache", key);
  }

  /** Finds and verifies an entry: file list, sizes, sha256 (via the memo) and the record's integrity. */
  async lookup(key: string): Promise<Lookup> {
    const dir = this.entryDir(key);
    if (!await exists(dir)) return { status: "miss" };
    const entry = await readCacheJson<Entry>(join(dir, ENTRY));
    if (!entry || entry.key !== key || integrityOf(entry) !== entry.integrity) {
      return { status: "damaged", detail: `${ENTRY} missing or altered` };
    }
    try {
      const files = await this.memo.files(dir, new Set([ENTRY]));
      const names = Object.keys(files);
      if (names.length !== Object.keys(entry.files).length) {
        return { status: "damaged", detail: "file list differs" };
      }
      for (const name of names) {
        const want = entry.files[name];
        if (!want) return { status: "damaged", detail: `unexpected file "${name}"` };
        if (want.size !== files[name].size || want.sha256 !== files[name].sha256) {
          return { status: "damaged", detail: `file "${name}" altered` };
        }
      }
    } catch (error) {
      return { status: "damaged", detail: String(error) };
    }
    return { status: "hit", entry, dir };
  }

  /** Creates a staging folder for a job about to run. */
  async startStaging(key: string, stage: string, pipeline: string): Promise<string> {
    const dir = join(this.root, "staging", `${key}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}`);
    await Deno.mkdir(dir, { recursive: true });
    await writeJsonFile(join(dir, STAGING_INFO), {
      key,
      stage,
      pipeline,
      pid: Deno.pid,
      started_at: new Date().toISOString(),
    });
    return dir;
  }

  /**
   * Seals a finished staging folder into `cache/<key>/`. A string output naming an existing path
   * inside the folder is a file output; anything else is a value.
   *
   * @returns the entry (the other run's, when another run stored the same key first)
   */
  async commit(
    staging: string,
    key: string,
    meta: {
      task: string;
      stage: string;
      pipeline: string;
      outputs: Record<string, string | number | boolean>;
      /** A forced rerun: its output replaces an existing entry of the same key. */
      replace?: boolean;
    },
  ): Promise<{ entry: Entry; dir: string }> {
    await Deno.remove(join(staging, STAGING_INFO)).catch(() => {});
    const outputs: Record<string, StoredOutput> = {};
    for (const [name, v] of Object.entries(meta.outputs)) {
      const rel = typeof v === "string" && !isAbsolute(v) ? normalize(v) : null;
      const inside = rel !== null && !rel.startsWith("..") && rel !== ENTRY &&
        await exists(join(staging, rel));
      outputs[name] = inside ? { file: rel! } : { value: v };
    }
    const files = await this.memo.files(staging, new Set([ENTRY]));
    const body = {
      format: 1 as const,
      key,
      task: meta.task,
      stage: meta.stage,
      pipeline: meta.pipeline,
      created_at: new Date().toISOString(),
      files,
      outputs,
      digest: sha256Text(canonicalJson({ files, outputs })),
    };
    const entry: Entry = { ...body, integrity: integrityOf(body) };
    await writeJsonFile(join(staging, ENTRY), entry);
    const dir = this.entryDir(key);
    await Deno.mkdir(join(this.root, "cache"), { recursive: true });
    if (meta.replace) await this.discard(dir);
    for (let attempt = 0;; attempt++) {
      try {
        await Deno.rename(staging, dir);
        return { entry, dir };
      } catch (error) {
        const found = await this.lookup(key);
        if (found.status === "hit") {
          await Deno.remove(staging, { recursive: true }).catch(() => {});
          return { entry: found.entry, dir };
        }
        if (attempt > 0 || found.status === "miss") throw error;
        await this.discard(dir);
      }
    }
  }

  /** Removes a damaged entry (renamed away first so a reader never sees it half-deleted). */
  async discard(dir: string): Promise<void> {
    const trash = `${dir}.trash.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}`;
    await Deno.rename(dir, trash).catch(() => {});
    await Deno.remove(trash, { recursive: true }).catch(() => {});
  }

  /** Moves a failed job's staging folder to `failed/<stage>-<time>/` and returns the new path. */
  keepFailed(staging: string, stage: string): Promise<string> {
    return moveUnique(staging, join(this.root, "failed", `${stage}-${stamp()}`));
  }

  /**
   * Cleans up after runs that are no longer alive (killed with SIGKILL): moves their staging
   * folders to `failed/` (returning the new paths) and removes their services' working folders.
   */
  async sweepStale(): Promise<string[]> {
    await this.removeStaleServiceFolders();
    const moved: string[] = [];
    const dir = join(this.root, "staging");
    if (!await exists(dir)) return moved;
    for await (const e of Deno.readDir(dir)) {
      const pid = Number(e.name.split(".")[1]);
      if (!e.isDirectory || !Number.isInteger(pid) || await pidAlive(pid)) continue;
      const path = join(dir, e.name);
      const info = await readCacheJson<{ stage?: string }>(join(path, STAGING_INFO));
      try {
        moved.push(await this.keepFailed(path, info?.stage ?? "unknown"));
      } catch { /* another run moved it */ }
    }
    return moved;
  }

  /** Removes `services/<stage>.<pid>.<rand>/` folders whose run is gone. */
  private async removeStaleServiceFolders(): Promise<void> {
    const dir = join(this.root, "services");
    if (!await exists(dir)) return;
    for await (const e of Deno.readDir(dir)) {
      const pid = Number(e.name.split(".")[1]);
      if (!e.isDirectory || !Number.isInteger(pid) || await pidAlive(pid)) continue;
      await Deno.remove(join(dir, e.name), { recursive: true }).catch(() => {});
    }
  }

  /** The key parts recorded for a stage at its last run. */
  readIndex(pipeline: string, stage: string): Promise<KeyParts | undefined> {
    return readCacheJson<KeyParts>(join(this.root, "index", pipeline, `${stage}.json`));
  }

  /** Records a stage's current key parts. */
  writeIndex(pipeline: string, stage: string, parts: KeyParts & { key: string }): Promise<void> {
    return writeJsonFile(join(this.root, "index", pipeline, `${stage}.json`), parts);
  }
}

function integrityOf(entry: Omit<Entry, "integrity"> & { integrity?: string }): string {
  const { integrity: _drop, ...rest } = entry;
  return sha256Text(canonicalJson(rest));
}

/**
 * A cache file's JSON, or undefined when it is missing, unreadable or not JSON: a damaged cache
 * file means "rebuild", never an error (the entry's integrity hash catches altered content).
 */
async function readCacheJson<T>(path: string): Promise<T | undefined> {
  try {
    return await readJsonFile(path, z.unknown(), "cache file") as T;
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}
