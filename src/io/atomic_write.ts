/** @module Write a file so that a failed or killed run leaves either the old file or none. */
import { dirname, join } from "node:path";
import { writeAll } from "./write_all.ts";

/**
 * Returns a temporary path beside `path` (same folder, so the final rename is atomic).
 *
 * @example
 * ```ts
 * tempPathFor("out/a.json"); // "out/.a.json.<pid>.<random>.tmp"
 * ```
 */
export function tempPathFor(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? "out";
  return join(dirname(path), `.${name}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`);
}

/**
 * Writes through `write` into a temporary file beside `path`, then renames it into place.
 * On error the temporary file is removed and the error rethrown.
 *
 * @param path final file path
 * @param write receives the open temporary file; must not close it
 * @example
 * ```ts
 * await writeAtomically("out.jsonl", async (file) => { await file.write(bytes); });
 * ```
 */
export async function writeAtomically(
  path: string,
  write: (file: Deno.FsFile) => Promise<void>,
): Promise<void> {
  const tmp = tempPathFor(path);
  const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
  try {
    await write(file);
    file.close();
    await Deno.rename(tmp, path);
  } catch (error) {
    try {
      file.close();
    } catch { /* already closed */ }
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

/**
 * Writes text to `path` atomically.
 *
 * @example
 * ```ts
 * await writeTextAtomically("report.md", markdown);
 * ```
 */
export async function writeTextAtomically(path: string, text: string): Promise<void> {
  await writeAtomically(path, (file) => writeAll(file, new TextEncoder().encode(text)));
}
