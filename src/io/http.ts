/** @module Internal: one GET with a deadline over headers and body, network errors as UserError. */
import { UserError } from "../util/errors.ts";

/** Options shared by every HTTP call of this area. */
export interface HttpOptions {
  /** Aborts the request; its reason is rethrown as is. */
  signal?: AbortSignal;
  /** Deadline for the whole exchange, body included, in ms (default 10,000). */
  timeoutMs?: number;
  /** Extra request headers (e.g. `authorization`). */
  headers?: HeadersInit;
}

/** Default deadline of one HTTP exchange. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * GETs `url` and hands the response to `use` under one deadline; the body is cancelled if `use`
 * leaves it unread.
 *
 * @param what the start of an error message naming the URL, e.g. `Cannot scrape metrics from "<url>"`
 * @throws {UserError} `<what>: <reason>` when the server cannot be reached or is too slow
 */
export async function getWithDeadline<T>(
  url: string,
  what: string,
  opts: HttpOptions,
  use: (response: Response) => Promise<T>,
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
  let response: Response | undefined;
  try {
    response = await fetch(url, { signal, headers: opts.headers });
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
