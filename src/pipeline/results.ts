/** @module Stable result paths: `results/<pipeline>/<stage>` → the stage's cache entry. */
import { dirname, relative } from "node:path";

/**
 * Points `link` at `target` (a relative symlink), replacing any previous link atomically
 * (a new link under a temporary name, then renamed over the old one).
 *
 * @returns the link path
 */
export async function linkResult(link: string, target: string): Promise<string> {
  await Deno.mkdir(dirname(link), { recursive: true });
  const tmp = `${link}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.symlink(relative(dirname(link), target), tmp);
  try {
    await Deno.rename(tmp, link);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
  return link;
}
