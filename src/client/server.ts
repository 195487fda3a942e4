/** @module Talking to the server outside the measured requests: its model list and its cache reset. */
import { fetchWithDeadline } from "../io/http.ts";
import { UserError } from "../util/errors.ts";

const ADMIN_TIMEOUT_MS = 30_000;
const METHODS = new Set(["GET", "POST", "PUT", "DELETE", "PATCH"]);

/**
 * Returns the model list URL beside a chat completions URL:
 * `http://h/v1/chat/completions` → `http://h/v1/models` (else `<origin>/v1/models`).
 */
export function modelsUrl(endpoint: string): string {
  const url = new URL(endpoint);
  url.search = "";
  url.pathname = url.pathname.endsWith("/chat/completions")
    ? url.pathname.slice(0, -"/chat/completions".length) + "/models"
    : "/v1/models";
  return url.href;
}

/**
 * Asks the server's `/v1/models` and returns the first model id.
 *
 * @throws {UserError} when the list cannot be fetched or is empty
 * @example
 * ```ts
 * const model = await firstModel("http://127.0.0.1:8000/v1/chat/completions");
 * ```
 */
export async function firstModel(endpoint: string, apiKey?: string): Promise<string> {
  const url = modelsUrl(endpoint);
  const what = `Cannot find a model at "${url}"`;
  const body = await adminFetch(url, "GET", apiKey, what, async (res) => {
    try {
      return await res.json() as { data?: { id?: unknown }[] };
    } catch (cause) {
      throw new UserError(`${what}: response is not JSON (pass --model)`, { cause });
    }
  });
  const id = body?.data?.[0]?.id;
  if (typeof id !== "string" || id.length === 0) {
    throw new UserError(`${what}: the list is empty (pass --model)`);
  }
  return id;
}

/** A cache reset request: method and URL. */
export interface ResetSpec {
  method: string;
  url: string;
}

/**
 * Reads a reset spec: `http://…` (POST) or `METHOD http://…`.
 *
 * @throws {UserError} when the method or URL is not valid
 * @example
 * ```ts
 * parseResetSpec("POST http://127.0.0.1:8000/reset_prefix_cache"); // { method: "POST", url: … }
 * ```
 */
export function parseResetSpec(spec: string): ResetSpec {
  const parts = spec.trim().split(/\s+/);
  const [method, url] = parts.length === 1 ? ["POST", parts[0]] : parts;
  if (parts.length > 2 || !METHODS.has(method.toUpperCase()) || !URL.canParse(url)) {
    throw new UserError(
      `Cannot read reset cache URL "${spec}": expected "http://…" or "METHOD http://…"`,
    );
  }
  return { method: method.toUpperCase(), url };
}

/**
 * Calls the server's cache reset (vLLM `/reset_prefix_cache`, llama.cpp `/slots/0?action=erase`,
 * the mock's `/reset`).
 *
 * @throws {UserError} when the call fails or answers non-2xx: the sweep must not go on uncertain
 */
export async function resetCache(spec: ResetSpec, apiKey?: string): Promise<void> {
  const what = `Cannot reset the server cache with ${spec.method} "${spec.url}"`;
  await adminFetch(spec.url, spec.method, apiKey, what, () => Promise.resolve());
}

/** One admin call under {@link ADMIN_TIMEOUT_MS}; a non-2xx answer is an error naming its start. */
function adminFetch<T>(
  url: string,
  method: string,
  apiKey: string | undefined,
  what: string,
  use: (res: Response) => Promise<T>,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return fetchWithDeadline(
    url,
    what,
    { method, headers, timeoutMs: ADMIN_TIMEOUT_MS },
    async (res) => {
      if (!res.ok) {
        const detail = (await res.text()).replace(/\s+/g, " ").trim().slice(0, 120);
        throw new UserError(`${what}: HTTP ${res.status}${detail ? ` ${detail}` : ""}`);
      }
      return await use(res);
    },
  );
}
