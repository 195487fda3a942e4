/**
 * @module Faults for testing clients: forced per request by the `x-mock-fault` header
 * (`status=429`, `abort=N`, `stall=MS`, `slow-start=MS`, comma-separated), or drawn at the
 * configured rates. A request carrying the header gets exactly the faults it names and no
 * random ones.
 */
import type { z } from "zod";
import { ApiError } from "./api_error.ts";
import type { FaultConfig } from "./config.ts";
import type { Rng } from "./rng.ts";

/** The faults one request will suffer. */
export interface FaultPlan {
  /** Answer with this error status instead of a completion. */
  status?: number;
  /** Close the stream abruptly after this many content chunks. */
  abortAfter?: number;
  /** Pause this long after the first content chunk. */
  stallMs: number;
  /** Wait this long before the response starts. */
  slowStartMs: number;
}

/** The header that forces faults on one request. */
export const FAULT_HEADER = "x-mock-fault";

const KEYS = ["status", "abort", "stall", "slow-start"] as const;

/**
 * Parses an `x-mock-fault` header value.
 *
 * @throws {ApiError} 400 on an unknown key or a value that is not a whole number
 * @example
 * ```ts
 * parseFaultHeader("status=429"); // { status: 429, stallMs: 0, slowStartMs: 0 }
 * ```
 */
export function parseFaultHeader(value: string): FaultPlan {
  const plan: FaultPlan = { stallMs: 0, slowStartMs: 0 };
  for (const item of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [key, raw = ""] = item.split("=", 2).map((s) => s.trim());
    const n = Number(raw);
    const bad = (why: string) =>
      new ApiError(400, `Invalid ${FAULT_HEADER} header "${item}": ${why}`, {
        param: FAULT_HEADER,
      });
    if (!(KEYS as readonly string[]).includes(key)) {
      throw bad(`key must be one of ${KEYS.join(", ")}`);
    }
    if (raw === "" || !Number.isInteger(n) || n < 0) throw bad("value must be a whole number");
    if (key === "status" && (n < 400 || n > 599)) throw bad("status must be in 400–599");
    if (key === "status") plan.status = n;
    else if (key === "abort") plan.abortAfter = n;
    else if (key === "stall") plan.stallMs = n;
    else plan.slowStartMs = n;
  }
  return plan;
}

/**
 * Decides a request's faults: from its header when present, else drawn at the configured rates.
 * `abortAfter` for a random abort is filled in later, once the output length is known
 * (`abortAfter: -1` marks "abort somewhere").
 */
export function planFaults(
  header: string | null,
  cfg: z.infer<typeof FaultConfig>,
  rng: Rng,
): FaultPlan {
  if (header !== null) return parseFaultHeader(header);
  const plan: FaultPlan = { stallMs: 0, slowStartMs: cfg.slow_start_ms };
  if (rng.chance(cfg.error_rate)) {
    plan.status = cfg.error_codes[rng.int(0, cfg.error_codes.length - 1)];
  }
  if (rng.chance(cfg.abort_rate)) plan.abortAfter = -1;
  if (rng.chance(cfg.stall_rate)) plan.stallMs = cfg.stall_ms;
  return plan;
}

/** The error a `status` fault answers with (429 carries `retry-after`). */
export function faultError(status: number, retryAfterS: number): ApiError {
  const headers: Record<string, string> = status === 429
    ? { "retry-after": String(retryAfterS) }
    : {};
  const message = status === 429
    ? "Rate limit reached (injected by the mock)"
    : `Injected fault: status ${status}`;
  return new ApiError(status, message, { headers });
}
