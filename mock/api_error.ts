/** @module The one error type of the mock's HTTP edge, rendered in OpenAI's error shape. */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** OpenAI's error body: `{"error": {"message", "type", "param", "code"}}`. */
export interface ApiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | number | null };
}

const TYPES: Record<number, [type: string, code: string | null]> = {
  400: ["invalid_request_error", "invalid_value"],
  401: ["invalid_request_error", "invalid_api_key"],
  404: ["invalid_request_error", "not_found"],
  429: ["rate_limit_error", "rate_limit_exceeded"],
  500: ["server_error", "internal_error"],
  503: ["server_error", "service_unavailable"],
};

/**
 * An error answered to the client with `status` and an OpenAI-shaped body. Thrown anywhere in a
 * handler; the app's one `onError` turns it into the response.
 *
 * @example
 * ```ts
 * throw new ApiError(404, `The model "x" does not exist`, { param: "model", code: "model_not_found" });
 * ```
 */
export class ApiError extends HTTPException {
  /** The request field at fault, if any. */
  readonly param: string | null;
  /** OpenAI's machine-readable code. */
  readonly code: string | null;
  /** Extra response headers (e.g. `retry-after`). */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    opts: { param?: string | null; code?: string | null; headers?: Record<string, string> } = {},
  ) {
    super(status as ContentfulStatusCode, { message });
    this.name = "ApiError";
    this.param = opts.param ?? null;
    this.code = opts.code !== undefined ? opts.code : (TYPES[status]?.[1] ?? null);
    this.headers = opts.headers ?? {};
  }

  /** The OpenAI-shaped body of this error. */
  body(): ApiErrorBody {
    const type = TYPES[this.status]?.[0] ?? (this.status >= 500 ? "server_error" : "api_error");
    return { error: { message: this.message, type, param: this.param, code: this.code } };
  }

  /** The response sent for this error. */
  override getResponse(): Response {
    return new Response(JSON.stringify(this.body()), {
      status: this.status,
      headers: { "content-type": "application/json", ...this.headers },
    });
  }
}

/**
 * Converts anything thrown in a handler into an ApiError: itself, a Hono HTTPException (keeps its
 * status), or an unexpected error (500).
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) return new ApiError(error.status, error.message);
  return new ApiError(500, `Internal mock error: ${(error as Error)?.message ?? String(error)}`);
}

/**
 * Ends a response on purpose (an abort fault, or the mock shutting down): the server does not log
 * it as a failure.
 */
export class StreamAborted extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StreamAborted";
  }
}
