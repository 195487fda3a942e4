/**
 * @module HTTP outside the measured requests: one exchange under a deadline (headers and body),
 * network errors as one-line UserErrors, and polling a URL until it answers 2xx.
 */
import { UserError } from "../util/errors.ts";
import { sleep } from "./sleep.ts";

/** Options of one HTTP exchange. */
export interface HttpOptions {
  /** Aborts the request; its reason is rethrown as is. */
  signal?: AbortSignal;
  /** Deadline for the whole exchange, body included, in ms (default 10,000). */
  timeoutMs?: number;
  /** Extra request headers (e.g. `authorization`). */
  headers?: HeadersInit;
}

/** Options of {@linkcode fetchWithDeadline}: {@linkcode HttpOptions} and the method. */
export interface FetchOptions extends HttpOptions {
  /** Request method (default GET). */
  method?: string;
}

/** Default deadline of one HTTP exchange. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Sends one request and hands the response to `use` under one deadline; the body is cancelled if
 * `use` leaves it unread.
 *
 * @param what the start of an error message naming the URL, e.g. `Cannot scrape metrics from "<url>"`
 * @throws {UserError} `<what>: <reason>` when the server cannot be reached or is too slow; the
 *   signal's reason when it aborts; whatever `use` throws
 * @example
 * ```ts
 * const text = await fetchWithDeadline(url, `Cannot read "${url}"`, { timeoutMs: 2000 }, (r) => r.text());
 * ```
 */
export async function fetchWithDeadline<T>(
  url: string,
  what: string,
  opts: FetchOptions,
  use: (response: Response) => Promise<T>,
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
  let response: Response | undefined;
  try {
    response = await fetch(url, { method: opts.method, signal, headers: opts.headers });
    return await use(response);
  } catch (error) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (deadline.signal.aborted) {
      throw new UserError(`${what}: no complete response within ${timeoutMs} ms`, {
        cause: error,
      });
    }
    if (error instanceof UserError) throw error;
    if (error instanceof TypeError) {
      throw new UserError(`${what}: ${networkReason(error)}`, { cause: error });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    if (response?.body && !response.bodyUsed) await response.body.cancel().catch(() => {});
  }
}

/** Shortens Deno's fetch error text (and its cause's) to the reason (`connection refused`, …). */
function networkReason(error: TypeError): string {
  const cause = error.cause instanceof Error ? error.cause.message : "";
  const text = error.message === "fetch failed" && cause ? cause : error.message;
  if (/connection refused/i.test(text)) return "connection refused";
  if (/dns error|failed to lookup|name or service not known/i.test(text)) return "host not found";
  if (/invalid url|relative url|url scheme/i.test(text)) return "not a valid http(s) URL";
  if (/timed out/i.test(text)) return "connection timed out";
  return text.replace(/^error sending request for url \([^)]*\):\s*/i, "");
}

/** Bounds of {@linkcode pollUntilOk}: it stops at whichever of `tries` and `deadline` comes first. */
export interface PollOptions {
  /** Stops the polling; the signal's reason is thrown. */
  signal?: AbortSignal;
  /** Most attempts (default: no limit but the deadline). */
  tries?: number;
  /** Epoch ms after which no attempt starts (default: no limit but `tries`). */
  deadline?: number;
  /** Pause between attempts, ms (default 100). */
  intervalMs?: number;
  /** Deadline of one attempt, ms (default 2,000). */
  timeoutMs?: number;
  /** Called before each attempt; throw from it to give up early (e.g. the process exited). */
  beforeEach?(): void | Promise<void>;
  /** The clock for `deadline`, epoch ms (default `Date.now`). */
  now?(): number;
}

/** How {@linkcode pollUntilOk} ended. */
export type PollResult =
  | { ok: true; tries: number }
  | {
    ok: false;
    tries: number; /** The last failure: `HTTP 503`, `connection refused`, … */
    last: string;
  };

/**
 * GETs `url` until it answers 2xx, pausing `intervalMs` between attempts (the pause ends early
 * when the signal aborts). At least one of `tries` and `deadline` must bound it.
 *
 * @returns `{ ok: true }`, or `{ ok: false, last }` with the last failure once the bound is hit
 * @throws the signal's reason when it aborts; whatever `beforeEach` throws
 * @throws {RangeError} when neither `tries` nor `deadline` is given
 * @example
 * ```ts
 * const r = await pollUntilOk("http://127.0.0.1:8000/health", { tries: 50, signal });
 * if (!r.ok) throw new Error(`not healthy: ${r.last}`);
 * ```
 */
export async function pollUntilOk(url: string, opts: PollOptions): Promise<PollResult> {
  if (opts.tries === undefined && opts.deadline === undefined) {
    throw new RangeError(`Cannot poll "${url}": give tries or a deadline`);
  }
  const { signal, tries = Infinity, deadline = Infinity, intervalMs = 100 } = opts;
  const now = opts.now ?? Date.now;
  let last = "no attempt";
  let n = 0;
  while (n < tries && now() < deadline) {
    signal?.throwIfAborted();
    await opts.beforeEach?.();
    n++;
    try {
      const ok = await fetchWithDeadline(
        url,
        url,
        { signal, timeoutMs: opts.timeoutMs ?? 2000 },
        (res) => Promise.resolve(res.ok ? null : `HTTP ${res.status}`),
      );
      if (ok === null) return { ok: true, tries: n };
      last = ok;
    } catch (error) {
      signal?.throwIfAborted();
      last = error instanceof UserError
        ? error.message.slice(url.length + 2)
        : error instanceof Error
        ? error.message
        : String(error);
    }
    if (n < tries && now() < deadline) await sleep(intervalMs, signal);
  }
  signal?.throwIfAborted();
  return { ok: false, tries: n, last };
}
