/** @module Content digests of files and folders, remembered by size + mtime + inode across runs. */
import { createHash } from "node:crypto";
import { join, relative, resolve } from "node:path";
import { writeTextAtomically } from "../io/atomic_write.ts";

/** sha256 and size of one file. */
export interface FileDigest {
  sha256: string;
  size: number;
}

interface MemoEntry extends FileDigest {
  mtime: number;
  ino: number;
}

/** A file is only remembered once its mtime is this far in the past (a same-tick rewrite could otherwise go unseen). */
const RACY_MS = 2000;

/** Returns the hex sha256 of a string. */
export function sha256Text(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Hashes files, remembering `path → size, mtime, inode, sha256` in a JSON file so an unchanged
 * large input is read once. The memo is a cache: losing it only costs time.
 *
 * @example
 * ```ts
 * const memo = await DigestMemo.load(".turnbench/digests.json");
 * const d = await memo.path("data/ShareGPT");
 * await memo.save();
 * ```
 */
export class DigestMemo {
  private dirty = false;

  private constructor(
    private readonly memoFile: string | null,
    private readonly map: Map<string, MemoEntry>,
  ) {}

  /** Loads the memo (an unreadable or missing file starts empty); `null` keeps it in memory. */
  static async load(file: string | null): Promise<DigestMemo> {
    const map = new Map<string, MemoEntry>();
    if (file) {
      try {
        const json = JSON.parse(await Deno.readTextFile(file)) as Record<string, MemoEntry>;
        for (const [k, v] of Object.entries(json)) map.set(k, v);
      } catch { /* start empty */ }
    }
    return new DigestMemo(file, map);
  }

  /** Digest of one file, reading it only when its size, mtime or inode changed. */
  async file(path: string, info?: Deno.FileInfo): Promise<FileDigest> {
    const abs = resolve(path);
    const st = info ?? await Deno.stat(abs);
    const mtime = st.mtime?.getTime() ?? 0;
    const ino = st.ino ?? 0;
    const known = this.map.get(abs);
    if (known && known.size === st.size && known.mtime === mtime && known.ino === ino) {
      return { sha256: known.sha256, size: known.size };
    }
    const hash = createHash("sha256");
    using f = await Deno.open(abs);
    for await (const chunk of f.readable) hash.update(chunk);
    const digest = { sha256: hash.digest("hex"), size: st.size };
    if (Date.now() - mtime > RACY_MS) {
      this.map.set(abs, { ...digest, mtime, ino });
      this.dirty = true;
    } else if (known) {
      this.map.delete(abs);
      this.dirty = true;
    }
    return digest;
  }

  /** Every file under a folder (recursive, sorted by relative path), skipping names in `skip`. */
  async files(
    dir: string,
    skip: ReadonlySet<string> = new Set(),
  ): Promise<Record<string, FileDigest>> {
    const out: Record<string, FileDigest> = {};
    for (const rel of await listFiles(dir)) {
      if (!skip.has(rel)) out[rel] = await this.file(join(dir, rel));
    }
    return out;
  }

  /** One digest for a file or a folder (names and contents), or `"absent"` when it does not exist. */
  async path(path: string): Promise<string> {
    let st: Deno.FileInfo;
    try {
      st = await Deno.stat(path);
    } catch {
      return "absent";
    }
    if (st.isFile) return (await this.file(path, st)).sha256;
    return sha256Text(JSON.stringify(await this.files(path)));
  }

  /** Writes the memo back (atomically) if it changed. */
  async save(): Promise<void> {
    if (!this.memoFile || !this.dirty) return;
    await writeTextAtomically(this.memoFile, JSON.stringify(Object.fromEntries(this.map)));
    this.dirty = false;
  }
}

/** Relative paths of every file under `dir`, sorted, following folders recursively. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      const st = e.isSymlink ? await Deno.stat(p) : e;
      if (st.isDirectory) await walk(p);
      else if (st.isFile) out.push(relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}
