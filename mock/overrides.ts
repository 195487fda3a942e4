/** @module Flat, snake_case overrides of the mock config: the `mock` stage's params and the CLI's flags. */
import { z } from "zod";
import type { MockConfigInput } from "./config.ts";

const num = (what: string) => z.coerce.number().min(0).optional().describe(what);
const int = (what: string) => z.coerce.number().int().min(0).optional().describe(what);
const list = (what: string) =>
  z.union([z.string(), z.array(z.union([z.string(), z.number()]))]).optional().describe(what);

/** One optional field per tunable; numbers may arrive as strings (pipeline params, argv). */
export const MockOverrides = z.object({
  model: list("served model name(s), comma-separated (default mock-model)"),
  seed: z.coerce.number().int().optional().describe("seed for lengths, jitter and faults"),
  ttft_ms: num("fixed prefill overhead in ms"),
  prefill_ms_per_token: num("prefill ms per uncached prompt token"),
  cached_ms_per_token: num("prefill ms per cached prompt token"),
  itl_ms: num("inter-token latency in ms"),
  jitter_ms: num("uniform ± jitter on each token deadline in ms"),
  load_factor: num("slowdown per extra running request (0.01 = 1%)"),
  max_running: int("requests running at once; the rest wait"),
  timer: z.enum(["precise", "coarse"]).optional()
    .describe("precise (worker-thread alarm, sub-ms) or coarse (Deno timers, ~2 ms)"),
  output_dist: z.enum(["fixed", "uniform", "normal", "lognormal", "exponential"]).optional()
    .describe("output length distribution"),
  output_tokens: num("mean output length in tokens"),
  output_stddev: num("output length standard deviation"),
  output_min: int("shortest output in tokens"),
  output_max: int("longest output in tokens"),
  block_size: int("prefix cache block size in tokens"),
  cache_tokens: int("prefix cache capacity in tokens"),
  error_rate: num("share of requests failing with an error status"),
  error_codes: list("statuses for error_rate, comma-separated (e.g. 429,500,503)"),
  abort_rate: num("share of streams aborted mid-way"),
  stall_rate: num("share of streams stalling after the first chunk"),
  stall_ms: num("stall length in ms"),
  slow_start_ms: num("delay before every response starts in ms"),
  tool_call_rate: z.coerce.number().min(0).max(1).optional()
    .describe("share of requests with tools answered with a tool call (0–1)"),
  honour_min_tokens: z.preprocess(
    (v) => (v === "true" ? true : v === "false" ? false : v),
    z.boolean().optional(),
  ).describe("honour min_tokens and ignore_eos (false: stop early like a server without them)"),
});

/** Flat overrides as given by a user. */
export type MockOverrides = z.infer<typeof MockOverrides>;

const splitList = (v: string | (string | number)[] | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : (Array.isArray(v) ? v.map(String) : v.split(",")).map((s) => s.trim()).filter(Boolean);

/**
 * Turns flat overrides into a config layer (unset fields stay unset).
 *
 * @example
 * ```ts
 * overridesToConfig({ itl_ms: 3, error_codes: "429,503" });
 * // { latency: { itl_ms: 3 }, faults: { error_codes: [429, 503] }, … }
 * ```
 */
export function overridesToConfig(o: MockOverrides): MockConfigInput {
  const codes = splitList(o.error_codes)?.map(Number);
  return {
    models: splitList(o.model),
    seed: o.seed,
    latency: {
      ttft_ms: o.ttft_ms,
      prefill_ms_per_token: o.prefill_ms_per_token,
      cached_ms_per_token: o.cached_ms_per_token,
      itl_ms: o.itl_ms,
      jitter_ms: o.jitter_ms,
      load_factor: o.load_factor,
      max_running: o.max_running,
      timer: o.timer,
    },
    output: {
      distribution: o.output_dist,
      mean: o.output_tokens,
      stddev: o.output_stddev,
      min: o.output_min,
      max: o.output_max,
    },
    cache: { block_size: o.block_size, capacity_tokens: o.cache_tokens },
    faults: {
      error_rate: o.error_rate,
      error_codes: codes,
      abort_rate: o.abort_rate,
      stall_rate: o.stall_rate,
      stall_ms: o.stall_ms,
      slow_start_ms: o.slow_start_ms,
    },
    tool_call_rate: o.tool_call_rate,
    honour_min_tokens: o.honour_min_tokens,
  };
}
