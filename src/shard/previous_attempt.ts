/**
 * @module Continue in a job's output folder from its earlier, failed attempt (the engine's
 * `previousAttempt`: the kept `failed/` folder of the same cache key).
 */
import { join } from "node:path";

/** The engine's own file in a staging folder; never taken over. */
const ENGINE_FILES = new Set([".staging.json"]);

/**
 * Moves everything an earlier attempt left (but the engine's own files) into `outDir`, then
 * removes the earlier folder, so the attempt is taken over once: a later failure keeps the
 * combined folder in its turn.
 *
 * @returns true when something was taken over
 * @example
 * ```ts
 * const resume = await takeOverAttempt(ctx.previousAttempt, ctx.outDir);
 * ```
 */
export async function takeOverAttempt(
  previous: string | undefined,
  outDir: string,
): Promise<boolean> {
  if (!previous) return false;
  let moved = 0;
  try {
    for await (const e of Deno.readDir(previous)) {
      if (ENGINE_FILES.has(e.name)) continue;
      await Deno.rename(join(previous, e.name), join(outDir, e.name));
      moved++;
    }
  } catch {
    return moved > 0;
  }
  await Deno.remove(previous, { recursive: true }).catch(() => {});
  return moved > 0;
}
