/** @module Number formatting shared by the Markdown and HTML reports (fixed, locale-free). */
import type { Distribution } from "../../stats/distribution.ts";

/** Shown for a value that is not known. */
export const NA = "—";

/** A number with `digits` decimals; `—` when unknown. */
export function fixed(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? NA : v.toFixed(digits);
}

/** Milliseconds with precision that suits the size: 1.23, 12.3, 123. */
export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NA;
  const a = Math.abs(v);
  return v.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2);
}

/** A percentage 0–100 as `12.3%`. */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? NA : `${v.toFixed(1)}%`;
}

/** A signed change: `+12.3%` or `-4.0%`. */
export function signedPct(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NA;
  return `${v > 0 ? "+" : ""}${v.toFixed(1)}%`;
}

/** A signed change in ms: `+12.3 ms`. */
export function signedMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NA;
  return `${v > 0 ? "+" : ""}${ms(v)} ms`;
}

/** `p50 / p90 / p99` of a distribution in ms. */
export function trio(d: Distribution | null | undefined): string {
  return d ? `${ms(d.p50)} / ${ms(d.p90)} / ${ms(d.p99)}` : NA;
}

/** An epoch-ms time as ISO 8601 UTC without milliseconds. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Hides credentials in a URL: user info and the values of query parameters that look like keys.
 *
 * @example
 * ```ts
 * redactUrl("http://u:p@h/v1?api_key=x"); // "http://***@h/v1?api_key=***"
 * ```
 */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const secret = /key|token|secret|password|auth/i;
  let out = `${url.protocol}//${
    url.username || url.password ? "***@" : ""
  }${url.host}${url.pathname}`;
  if (url.search) {
    out += "?" + [...url.searchParams].map(([k, v]) => `${k}=${secret.test(k) ? "***" : v}`)
      .join("&");
  }
  return out;
}
