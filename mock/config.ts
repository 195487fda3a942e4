/** @module The mock server's configuration: one zod schema, defaults in the schema. */
import { z } from "zod";

const ms = z.number().min(0);
const rate = z.number().min(0).max(1);

/** How long the mock waits before the first token and between tokens. */
export const LatencyConfig = z.strictObject({
  /** Fixed prefill overhead added to every request's time to first token. */
  ttft_ms: ms.default(0),
  /** Prefill cost per prompt token that missed the prefix cache. */
  prefill_ms_per_token: ms.default(0),
  /** Prefill cost per prompt token served from the prefix cache (usually far smaller). */
  cached_ms_per_token: ms.default(0),
  /** Inter-token latency: time between two content tokens. */
  itl_ms: ms.default(0),
  /** Uniform noise in ±jitter_ms added to each token's deadline (0 = exact). */
  jitter_ms: ms.default(0),
  /** Slowdown per extra running request: factor = 1 + load_factor × (running − 1). */
  load_factor: z.number().min(0).default(0),
  /** At most this many requests run at once; the rest wait in a FIFO queue. */
  max_running: z.number().int().min(1).default(256),
  /**
   * `precise`: a worker thread wakes the mock at each deadline (within ~0.1 ms, near-zero CPU);
   * `coarse`: Deno's timers only (a ~2 ms floor on a 1 ms grid: errors up to ~2 ms).
   */
  timer: z.enum(["precise", "coarse"]).default("precise"),
});

/** How many tokens a response has when the request does not force a length. */
export const OutputConfig = z.strictObject({
  /** Shape of the output-length distribution. */
  distribution: z.enum(["fixed", "uniform", "normal", "lognormal", "exponential"]).default(
    "uniform",
  ),
  /** Mean length (the length itself for `fixed`). */
  mean: z.number().min(1).default(32),
  /** Standard deviation for `normal` and `lognormal`. */
  stddev: z.number().min(0).default(16),
  /** Lower bound of every random draw (and of `uniform`); `fixed` ignores it. */
  min: z.number().int().min(1).default(1),
  /** Upper bound of every random draw (and of `uniform`); `fixed` ignores it. */
  max: z.number().int().min(1).default(64),
});

/** The simulated prefix (KV) cache. */
export const CacheConfig = z.strictObject({
  /** Tokens per block; only full blocks are cached, as in vLLM. */
  block_size: z.number().int().min(1).default(16),
  /** Capacity in tokens; least recently used blocks are evicted past it. */
  capacity_tokens: z.number().int().min(0).default(1_000_000),
  /** Simulated KV bytes per token (for the memory gauges); 131072 = an 8B model in fp16. */
  bytes_per_token: z.number().int().min(0).default(131_072),
});

/** Faults injected at random into requests (the `x-mock-fault` header forces them per request). */
export const FaultConfig = z.strictObject({
  /** Share of requests answered with an error status drawn from `error_codes`. */
  error_rate: rate.default(0),
  /** Statuses used by `error_rate`. */
  error_codes: z.array(z.number().int().min(400).max(599)).min(1).default([500]),
  /** `retry-after` seconds sent with 429. */
  retry_after_s: z.number().int().min(0).default(1),
  /** Share of streams closed abruptly part-way through. */
  abort_rate: rate.default(0),
  /** Share of streams that pause `stall_ms` after the first content chunk. */
  stall_rate: rate.default(0),
  /** Length of a stall. */
  stall_ms: ms.default(1000),
  /** Delay before every response starts. */
  slow_start_ms: ms.default(0),
});

/** The whole mock configuration; `MockConfig.parse({})` is a zero-latency mock. */
export const MockConfig = z.strictObject({
  /** Served model names; the first is the default in `/v1/models`. Others get 404. */
  models: z.array(z.string().min(1)).min(1).default(["mock-model"]),
  /** When set, `/v1/*` requires `Authorization: Bearer <api_key>`. */
  api_key: z.string().min(1).optional(),
  /** Seed for output lengths, jitter and fault draws; absent = a random seed. */
  seed: z.number().int().optional(),
  latency: LatencyConfig.default(LatencyConfig.parse({})),
  output: OutputConfig.default(OutputConfig.parse({})),
  cache: CacheConfig.default(CacheConfig.parse({})),
  faults: FaultConfig.default(FaultConfig.parse({})),
  /** How many MockTiming entries `/mock/timings` keeps (a ring buffer). */
  timings_capacity: z.number().int().min(1).default(10_000),
  /** Share of requests carrying `tools` answered with a tool call (mock/tool_calls.ts; seeded). */
  tool_call_rate: rate.default(0),
  /**
   * Honour `min_tokens` and `ignore_eos`; false answers as a server that does not take them
   * (a draw capped at the limit: it stops early when an exact length was asked).
   */
  honour_min_tokens: z.boolean().default(true),
});

/** The whole mock configuration, defaults applied. */
export type MockConfig = z.infer<typeof MockConfig>;

/** A configuration as written by a user: every field optional, at every level. */
export type MockConfigInput = z.input<typeof MockConfig>;

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Merges configuration layers left to right: objects merge key by key, anything else (arrays
 * included) is replaced; `undefined` values are skipped.
 *
 * @example
 * ```ts
 * mergeConfig({ latency: { itl_ms: 12 } }, { latency: { ttft_ms: 30 } });
 * // { latency: { itl_ms: 12, ttft_ms: 30 } }
 * ```
 */
export function mergeConfig(...layers: (MockConfigInput | undefined)[]): MockConfigInput {
  const merge = (a: Plain, b: Plain): Plain => {
    const out: Plain = { ...a };
    for (const [key, value] of Object.entries(b)) {
      if (value === undefined) continue;
      out[key] = isPlain(value) ? merge(isPlain(out[key]) ? out[key] as Plain : {}, value) : value;
    }
    return out;
  };
  return layers.reduce<Plain>((acc, layer) => merge(acc, (layer ?? {}) as Plain), {});
}
