/** @module Running a profile's cache reset: its calls in order, and llama.cpp's erase of every slot. */
import { UserError } from "../util/errors.ts";
import type { ResetCall, ServerProfile } from "./profiles.ts";

/** What a reset did: every call made, as `METHOD url`. */
export interface ResetDone {
  calls: string[];
}

/**
 * The calls a reset makes, given the slot ids a per-slot plan found (pure; see `resetServer`).
 *
 * @example
 * ```ts
 * resetCalls(PROFILES.llamacpp, [0, 1]);
 * // [{ method: "POST", path: "/slots/0?action=erase" }, { method: "POST", path: "/slots/1?action=erase" }]
 * ```
 */
export function resetCalls(profile: ServerProfile, slotIds: readonly number[] = []): ResetCall[] {
  const plan = profile.reset;
  if (plan === null) return [];
  const calls = [...plan.calls];
  if (plan.perSlot) {
    for (const id of slotIds) {
      calls.push({
        method: plan.perSlot.method,
        path: plan.perSlot.path.replace("{id}", String(id)),
      });
    }
  }
  return calls;
}

/** The slot ids in a llama.cpp `GET /slots` answer (an array of `{id, …}`). */
export function slotIds(body: unknown): number[] {
  if (!Array.isArray(body)) return [];
  return body.map((s) => (s as { id?: unknown })?.id).filter((id): id is number =>
    Number.isInteger(id)
  );
}

/**
 * Clears the server's prefix cache as its profile says: lists llama.cpp's slots first, then
 * makes every call. Any non-2xx answer fails the reset (a sweep must not go on unsure).
 *
 * @throws {UserError} naming the call when one fails, or when the profile has no reset
 * @example
 * ```ts
 * await resetServer("http://127.0.0.1:8080", PROFILES.llamacpp);
 * ```
 */
export async function resetServer(
  base: string,
  profile: ServerProfile,
  options: { apiKey?: string; timeoutMs?: number } = {},
): Promise<ResetDone> {
  const origin = new URL(base).origin;
  if (profile.reset === null) {
    throw new UserError(
      `Cannot reset the cache of "${origin}": ${profile.label} has no reset call (give reset_cache_url)`,
    );
  }
  const call = async (method: string, path: string): Promise<Response> => {
    const url = origin + path;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (cause) {
      throw new UserError(
        `Cannot reset the server cache with ${method} "${url}": ${(cause as Error).message}`,
        { cause },
      );
    }
    if (!res.ok) {
      const detail = (await res.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ");
      throw new UserError(
        `Cannot reset the server cache with ${method} "${url}": HTTP ${res.status} ${detail}`
          .trimEnd(),
      );
    }
    return res;
  };
  let ids: number[] = [];
  const perSlot = profile.reset.perSlot;
  if (perSlot) {
    ids = slotIds(await (await call("GET", perSlot.list)).json().catch(() => null));
    if (ids.length === 0) {
      throw new UserError(
        `Cannot reset the server cache: "${origin}${perSlot.list}" lists no slots`,
      );
    }
  }
  const done: string[] = [];
  for (const c of resetCalls(profile, ids)) {
    await (await call(c.method, c.path)).body?.cancel();
    done.push(`${c.method} ${origin}${c.path}`);
  }
  return { calls: done };
}
