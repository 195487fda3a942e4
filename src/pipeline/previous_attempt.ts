/**
 * @module A job's earlier failed attempt of the same cache key: the newest `failed/<stage>-<time>/`
 * folder whose `.staging.json` names that key. A resumable stage (sweep) continues from it.
 */
import { join } from "node:path";
import { readJsonFile } from "../io/json_file.ts";
import { z } from "zod";

const StagingInfo = z.object({ key: z.string().optional(), stage: z.string().optional() })
  .passthrough();

/**
 * Finds the newest kept failed folder of `stage` with cache key `key`.
 *
 * @param cacheRoot the cache folder (`.turnbench`)
 * @returns its path, or undefined when there is none
 * @example
 * ```ts
 * ctx.previousAttempt = await findPreviousAttempt(cache.root, "sweep", key);
 * ```
 */
export async function findPreviousAttempt(
  cacheRoot: string,
  stage: string,
  key: string,
): Promise<string | undefined> {
  const dir = join(cacheRoot, "failed");
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory && e.name.startsWith(`${stage}-`)) names.push(e.name);
    }
  } catch {
    return undefined;
  }
  for (const name of names.sort().reverse()) {
    const info = await readJsonFile(join(dir, name, ".staging.json"), StagingInfo, "staging info")
      .catch(() => null);
    if (info?.key === key && info.stage === stage) return join(dir, name);
  }
  return undefined;
}
