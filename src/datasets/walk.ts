/** @module Find the data files under a folder: `.json` and `.jsonl`, recursively, in a stable order. */
import { join, resolve } from "node:path";
import { UserError } from "../util/errors.ts";

/** Extensions read as data; every other file is passed over. */
const DATA_EXTENSIONS = [".json", ".jsonl"];

/** The files found under an input path. */
export interface DataFiles {
  /** Data files with their sizes, sorted by path. */
  files: { path: string; size: number }[];
  /** Files passed over (not `.json`/`.jsonl`), sorted. */
  passedOver: string[];
}

/**
 * Lists the data files of `input`: the file itself, or every `.json`/`.jsonl` file under the folder
 * (recursively, following links — each real folder once, so a link loop ends — sorted by path).
 * Paths keep the form of `input`.
 *
 * @param input a file or folder
 * @param exclude absolute paths to leave out (e.g. the output file)
 * @throws {UserError} when `input` does not exist
 * @example
 * ```ts
 * const { files, passedOver } = await listDataFiles("data/ShareGPT");
 * ```
 */
export async function listDataFiles(input: string, exclude: string[] = []): Promise<DataFiles> {
  const out: DataFiles = { files: [], passedOver: [] };
  const skip = new Set(exclude.map((p) => resolve(p)));
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(input);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(`Cannot read input "${input}": no such file or folder`, { cause: error });
    }
    throw error;
  }
  if (info.isFile) {
    out.files.push({ path: input, size: info.size });
    return out;
  }
  await walk(input, out, skip, new Set());
  out.files.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  out.passedOver.sort();
  return out;
}

async function walk(
  dir: string,
  out: DataFiles,
  skip: Set<string>,
  seen: Set<string>,
): Promise<void> {
  const real = await Deno.realPath(dir);
  if (seen.has(real)) return;
  seen.add(real);
  const entries = await Array.fromAsync(Deno.readDir(dir));
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (skip.has(resolve(path))) continue;
    const info = entry.isSymlink ? await Deno.stat(path).catch(() => null) : null;
    if (entry.isDirectory || info?.isDirectory) await walk(path, out, skip, seen);
    else if (DATA_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
      out.files.push({ path, size: (info ?? await Deno.stat(path)).size });
    } else out.passedOver.push(path);
  }
}
