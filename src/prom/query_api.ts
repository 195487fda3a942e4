/** @module A client for a Prometheus server's HTTP query API (`/api/v1/query`, `/api/v1/query_range`). */
import { z } from "zod";
import { UserError } from "../util/errors.ts";
import { firstIssue } from "../util/zod_issue.ts";
import { parseSampleValue } from "./_family.ts";
import { fetchWithDeadline } from "../io/http.ts";
import type { HttpOptions } from "../io/http.ts";
import { seriesKey } from "./series.ts";

/** `[unix seconds, "value"]` as the API writes a sample; the value is a string (`"NaN"`, `"+Inf"`). */
const ApiSample = z.tuple([z.number(), z.string()]);
const Metric = z.record(z.string(), z.string());

/** The `data` of a successful query: one of the four result types. Native histograms are skipped. */
export const QueryData = z.discriminatedUnion("resultType", [
  z.object({
    resultType: z.literal("vector"),
    result: z.array(z.object({ metric: Metric, value: ApiSample.optional() })),
  }),
  z.object({
    resultType: z.literal("matrix"),
    result: z.array(z.object({ metric: Metric, values: z.array(ApiSample).default([]) })),
  }),
  z.object({ resultType: z.literal("scalar"), result: ApiSample }),
  z.object({ resultType: z.literal("string"), result: ApiSample }),
]);

/** The `data` of a successful query. */
export type QueryData = z.infer<typeof QueryData>;

const ApiResponse = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("success"),
    data: QueryData,
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal("error"), errorType: z.string(), error: z.string() }),
]);

/**
 * Prometheus refused a query; `errorType` and `error` are Prometheus' own (`bad_data`, …).
 */
export class PrometheusApiError extends UserError {
  readonly errorType: string;
  readonly status: number;

  constructor(message: string, errorType: string, status: number) {
    super(message);
    this.name = "PrometheusApiError";
    this.errorType = errorType;
    this.status = status;
  }
}

/** Options of an instant query. */
export interface InstantQueryOptions extends HttpOptions {
  /** Evaluation time in unix seconds; the server's now when absent. */
  time?: number;
}

/**
 * Evaluates `query` at one instant (`GET /api/v1/query?query=…&time=…`).
 *
 * @param baseUrl the server's base URL, e.g. `http://127.0.0.1:9090` (a path prefix is kept)
 * @throws {PrometheusApiError} when Prometheus answers `status: "error"`
 * @throws {UserError} when the server is unreachable or its answer is not the API's JSON
 * @example
 * ```ts
 * const data = await queryInstant("http://127.0.0.1:9090", "vllm:prompt_tokens_total", { time: 1.7e9 });
 * ```
 */
export async function queryInstant(
  baseUrl: string,
  query: string,
  opts: InstantQueryOptions = {},
): Promise<QueryData> {
  const params: Record<string, string> = { query };
  if (opts.time !== undefined) params.time = formatTime(opts.time);
  return await callApi(baseUrl, "api/v1/query", params, opts);
}

/** The window and resolution of a range query, in unix seconds. */
export interface Range {
  start: number;
  end: number;
  step: number;
}

/**
 * Evaluates `query` over a range (`GET /api/v1/query_range`); the answer is a matrix.
 *
 * @throws {PrometheusApiError} when Prometheus answers `status: "error"`
 * @throws {UserError} when the server is unreachable or its answer is not the API's JSON
 * @example
 * ```ts
 * const end = Date.now() / 1000;
 * const m = await queryRange("http://127.0.0.1:9090", "rate(vllm:prompt_tokens_total[1m])", {
 *   start: end - 600,
 *   end,
 *   step: 15,
 * });
 * ```
 */
export async function queryRange(
  baseUrl: string,
  query: string,
  range: Range,
  opts: HttpOptions = {},
): Promise<Extract<QueryData, { resultType: "matrix" }>> {
  const params = {
    query,
    start: formatTime(range.start),
    end: formatTime(range.end),
    step: String(range.step),
  };
  const data = await callApi(baseUrl, "api/v1/query_range", params, opts);
  if (data.resultType !== "matrix") {
    throw new UserError(
      `Cannot run range query "${query}": Prometheus answered a ${data.resultType}`,
    );
  }
  return data;
}

/**
 * Turns an instant query's answer into values by series key (`name{a="x"}`, labels sorted, from
 * `metric` with `__name__` as the name). A series without `__name__` (an expression such as
 * `sum(x)`) takes `fallbackName` (use the query text) as its name, as does a scalar.
 *
 * @throws {UserError} for a string or matrix answer, which has no single value per series
 * @example
 * ```ts
 * const data = await queryInstant("http://127.0.0.1:9090", "up");
 * instantValues(data, "up"); // Map { 'up{instance="…",job="…"}' => 1 }
 * ```
 */
export function instantValues(data: QueryData, fallbackName: string): Map<string, number> {
  const out = new Map<string, number>();
  if (data.resultType === "scalar") {
    out.set(fallbackName, parseSampleValue(data.result[1]) ?? NaN);
    return out;
  }
  if (data.resultType !== "vector") {
    throw new UserError(
      `Cannot use query "${fallbackName}": it returns a ${data.resultType}, not an instant vector`,
    );
  }
  for (const { metric, value } of data.result) {
    if (!value) continue;
    const { __name__: name, ...labels } = metric;
    out.set(seriesKey(name ?? fallbackName, labels), parseSampleValue(value[1]) ?? NaN);
  }
  return out;
}

/** Writes unix seconds with millisecond precision, as the API accepts. */
function formatTime(seconds: number): string {
  return String(Math.round(seconds * 1000) / 1000);
}

async function callApi(
  baseUrl: string,
  path: string,
  params: Record<string, string>,
  opts: HttpOptions,
): Promise<QueryData> {
  let endpoint: URL;
  try {
    endpoint = new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  } catch {
    throw new UserError(`Cannot query Prometheus at "${baseUrl}": not a valid URL`);
  }
  const where = `${endpoint.origin}${endpoint.pathname}`;
  endpoint.search = new URLSearchParams(params).toString();
  const what = `Cannot query Prometheus "${where}" for "${params.query}"`;
  return await fetchWithDeadline(endpoint.href, what, opts, async (response) => {
    const status = `HTTP ${response.status} ${response.statusText}`.trim();
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UserError(`${what}: ${status}, the answer is not JSON`);
    }
    const parsed = ApiResponse.safeParse(json);
    if (!parsed.success) {
      const { at, message } = firstIssue(parsed.error);
      const where = at ? ` at "${at}"` : "";
      throw new UserError(`${what}: ${status}, not a Prometheus API answer${where}: ${message}`);
    }
    const body = parsed.data;
    if (body.status === "error") {
      throw new PrometheusApiError(
        `${what}: ${body.errorType}: ${body.error} (${status})`,
        body.errorType,
        response.status,
      );
    }
    if (!response.ok) throw new UserError(`${what}: ${status}`);
    return body.data;
  });
}
