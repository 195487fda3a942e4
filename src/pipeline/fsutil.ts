/** @module Small file-system helpers for the pipeline cache: stamps, moves, liveness. */
import { dirname } from "node:path";

/** `yyyymmdd-hhmmss` in local time. */
export function stamp(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-` +
    `${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** Creates `base`, or `base-2`, `base-3`… when taken (never reuses a folder); returns the path. */
export async function mkdirUnique(base: string): Promise<string> {
  await Deno.mkdir(dirname(base), { recursive: true });
  for (let n = 1;; n++) {
    const path = n === 1 ? base : `${base}-${n}`;
    try {
      await Deno.mkdir(path);
      return path;
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  }
}

/** Moves a folder to `base` (or `base-2`…) and returns where it went. */
export async function moveUnique(from: string, base: string): Promise<string> {
  await Deno.mkdir(dirname(base), { recursive: true });
  for (let n = 1;; n++) {
    const path = n === 1 ? base : `${base}-${n}`;
    if (await exists(path)) continue;
    await Deno.rename(from, path);
    return path;
  }
}

/** True when the path exists (without following a final symlink). */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** True unless the process is known to be gone (checked through /proc; elsewhere assumed alive). */
export async function pidAlive(pid: number): Promise<boolean> {
  if (pid === Deno.pid) return true;
  if (Deno.build.os !== "linux") return true;
  return await exists(`/proc/${pid}`);
}
