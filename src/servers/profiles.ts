/**
 * @module Server profiles: the one place that knows each engine's cache reset, cache block size,
 * Prometheus series and hit-rate formula (vLLM, SGLang, llama.cpp, LMCache, the mock, generic).
 *
 * Series are family names, `_total` optional (`vllm:prefix_cache_hits` matches
 * `vllm:prefix_cache_hits_total`); each role lists candidates, newest name first. The two prompt
 * counters differ in meaning, hence `promptCounts`:
 * - `all`: the prompt series counts every prompt token, cached or not (vLLM's prefix-cache
 *   queries, SGLang's prompt tokens, LMCache's requested tokens): hit = cached / prompt;
 * - `processed`: it counts only tokens the server computed (llama.cpp's
 *   `llamacpp:prompt_tokens_total`, "excluding cached tokens"): hit = cached / (cached + prompt).
 */
import { UserError } from "../util/errors.ts";

/** The server kinds turnbench knows. */
export type ServerKind = "vllm" | "sglang" | "llamacpp" | "lmcache" | "mock" | "generic";

/** Every kind, in detection order of preference. */
export const SERVER_KINDS: readonly ServerKind[] = [
  "mock",
  "lmcache",
  "vllm",
  "sglang",
  "llamacpp",
  "generic",
];

/** One HTTP call of a cache reset, relative to the server's origin. */
export interface ResetCall {
  method: "GET" | "POST";
  path: string;
}

/** How to clear a server's prefix cache. */
export interface ResetPlan {
  /** Calls made in order. */
  calls: ResetCall[];
  /**
   * Per-slot calls (llama.cpp): list the slots with `GET list` (an array of `{id}`), then call
   * `path` with `{id}` replaced, for every slot.
   */
  perSlot?: { list: string; method: "POST"; path: string };
  /** What else a truly cold start needs, for the README and the reset warning. */
  note?: string;
}

/** Prometheus series by role (candidates, first found wins). */
export interface ProfileMetrics {
  prompt: string[];
  cached: string[];
  running: string[];
  waiting: string[];
  kvUsage: string[];
}

/** What turnbench knows of one server kind. */
export interface ServerProfile {
  kind: ServerKind;
  label: string;
  /** Cache block size in tokens: only whole blocks are reused (1 = any token prefix). */
  blockSize: number;
  /** A gauge whose label gives the real block size (vLLM's cache config). */
  blockSizeMetric?: { name: string; label: string };
  reset: ResetPlan | null;
  metrics: ProfileMetrics;
  promptCounts: "all" | "processed";
  /** Its prompt counting endpoints for `tokenizer: server`, when it has them. */
  tokenizeApi: "vllm" | "llamacpp" | null;
  /**
   * Whether its cache also keeps generated tokens (llama.cpp's slot, vLLM's and SGLang's full
   * blocks), so a follow-up may hit its previous answer too: reported cached tokens may exceed
   * the client's expectation (prompts only) by up to the answers' length.
   */
  cachesOutput: boolean;
  /** A second cache behind it with counters of its own (vLLM's KV connector). */
  connector?: { label: string; prompt: string[]; cached: string[] };
}

const VLLM_RUNTIME = {
  running: ["vllm:num_requests_running"],
  waiting: ["vllm:num_requests_waiting"],
  kvUsage: ["vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"],
};
const VLLM_RESET: ResetPlan = {
  calls: [{ method: "POST", path: "/reset_prefix_cache" }],
  note: "vLLM serves /reset_prefix_cache only with VLLM_SERVER_DEV_MODE=1",
};

/** The profiles, by kind. */
export const PROFILES: Readonly<Record<ServerKind, ServerProfile>> = {
  vllm: {
    kind: "vllm",
    label: "vLLM",
    blockSize: 16,
    blockSizeMetric: { name: "vllm:cache_config_info", label: "block_size" },
    reset: VLLM_RESET,
    metrics: {
      prompt: ["vllm:prefix_cache_queries", "vllm:gpu_prefix_cache_queries", "vllm:prompt_tokens"],
      cached: ["vllm:prefix_cache_hits", "vllm:gpu_prefix_cache_hits"],
      ...VLLM_RUNTIME,
    },
    promptCounts: "all",
    tokenizeApi: "vllm",
    cachesOutput: true,
    connector: {
      label: "vLLM external (KV connector)",
      prompt: ["vllm:external_prefix_cache_queries"],
      cached: ["vllm:external_prefix_cache_hits"],
    },
  },
  lmcache: {
    kind: "lmcache",
    label: "vLLM with LMCache",
    blockSize: 256,
    reset: {
      ...VLLM_RESET,
      note:
        "vLLM's /reset_prefix_cache does not clear LMCache's own store; restart it for a cold run",
    },
    metrics: {
      prompt: ["lmcache:num_requested_tokens"],
      cached: ["lmcache:num_hit_tokens"],
      ...VLLM_RUNTIME,
    },
    promptCounts: "all",
    tokenizeApi: "vllm",
    cachesOutput: true,
  },
  sglang: {
    kind: "sglang",
    label: "SGLang",
    blockSize: 1,
    reset: { calls: [{ method: "POST", path: "/flush_cache" }] },
    metrics: {
      prompt: ["sglang:prompt_tokens"],
      cached: ["sglang:cached_tokens"],
      running: ["sglang:num_running_reqs"],
      waiting: ["sglang:num_queue_reqs"],
      kvUsage: ["sglang:token_usage"],
    },
    promptCounts: "all",
    tokenizeApi: null,
    cachesOutput: true,
  },
  llamacpp: {
    kind: "llamacpp",
    label: "llama.cpp",
    blockSize: 1,
    reset: {
      calls: [],
      perSlot: { list: "/slots", method: "POST", path: "/slots/{id}?action=erase" },
      note: "erasing slots keeps llama.cpp's host-memory prompt cache: start it with --cache-ram 0",
    },
    metrics: {
      prompt: ["llamacpp:prompt_tokens"],
      cached: ["llamacpp:prompt_tokens_cached"],
      running: ["llamacpp:requests_processing"],
      waiting: ["llamacpp:requests_deferred"],
      kvUsage: ["llamacpp:kv_cache_usage_ratio"],
    },
    promptCounts: "processed",
    tokenizeApi: "llamacpp",
    cachesOutput: true,
  },
  mock: {
    kind: "mock",
    label: "turnbench mock",
    // The mock's `block_size` default (mock/config.ts); a run against another setting passes
    // cache_block_size.
    blockSize: 16,
    reset: { calls: [{ method: "POST", path: "/reset" }] },
    // Exactly the series mock/metrics.ts serves (tests/client/cache_truth_test.ts checks it).
    metrics: {
      prompt: ["vllm:prefix_cache_queries"],
      cached: ["vllm:prefix_cache_hits"],
      running: ["vllm:num_requests_running"],
      waiting: ["vllm:num_requests_waiting"],
      kvUsage: ["vllm:kv_cache_usage_perc"],
    },
    promptCounts: "all",
    tokenizeApi: null,
    // The mock caches prompt blocks only (mock/prefix_cache.ts).
    cachesOutput: false,
  },
  generic: {
    kind: "generic",
    label: "OpenAI-compatible server",
    blockSize: 1,
    reset: null,
    metrics: { prompt: [], cached: [], running: [], waiting: [], kvUsage: [] },
    promptCounts: "all",
    tokenizeApi: null,
    cachesOutput: false,
  },
};

/**
 * The cache hit rate (0–1) from a run's counter deltas, with the profile's formula; null when a
 * delta is missing or nothing was looked up.
 *
 * @example
 * ```ts
 * cacheHitRate(PROFILES.llamacpp, { prompt: 25, cached: 75 }); // 0.75
 * cacheHitRate(PROFILES.vllm, { prompt: 100, cached: 75 }); // 0.75
 * ```
 */
export function cacheHitRate(
  profile: ServerProfile,
  deltas: { prompt: number | null; cached: number | null },
): number | null {
  const { prompt, cached } = deltas;
  if (prompt === null || cached === null) return null;
  const total = profile.promptCounts === "processed" ? cached + prompt : prompt;
  return total > 0 ? cached / total : null;
}

/**
 * The (cached, prompt) counter pairs of a profile, candidates in order (the i-th cached series
 * with the i-th prompt series: vLLM's `prefix_cache_hits`/`_queries`, then the `gpu_` names).
 *
 * @example
 * ```ts
 * counterPairs(PROFILES.llamacpp); // [{ cached: "llamacpp:prompt_tokens_cached", prompt: "llamacpp:prompt_tokens" }]
 * ```
 */
export function counterPairs(
  metrics: Pick<ProfileMetrics, "prompt" | "cached">,
): Array<{ cached: string; prompt: string }> {
  const n = Math.min(metrics.prompt.length, metrics.cached.length);
  return Array.from({ length: n }, (_, i) => ({
    cached: metrics.cached[i],
    prompt: metrics.prompt[i],
  }));
}

/**
 * The hit-rate formula of a profile in words, for summaries and reports; null without counters.
 *
 * @example
 * ```ts
 * hitRateFormula(PROFILES.llamacpp);
 * // "Δ llamacpp:prompt_tokens_cached / (Δ llamacpp:prompt_tokens_cached + Δ llamacpp:prompt_tokens)"
 * ```
 */
export function hitRateFormula(profile: ServerProfile): string | null {
  const pair = counterPairs(profile.metrics)[0];
  if (!pair) return null;
  return profile.promptCounts === "processed"
    ? `Δ ${pair.cached} / (Δ ${pair.cached} + Δ ${pair.prompt})`
    : `Δ ${pair.cached} / Δ ${pair.prompt}`;
}

/**
 * The sample names to scrape for a profile: its counters (prompt, cached) with `_total`, as the
 * text format names their samples, then its gauges.
 *
 * @example
 * ```ts
 * profileSeries(PROFILES.llamacpp)[0]; // "llamacpp:prompt_tokens_total"
 * ```
 */
export function profileSeries(profile: ServerProfile): string[] {
  const m = profile.metrics;
  const names = [...m.prompt, ...m.cached].map((n) => `${n}_total`);
  names.push(...m.running, ...m.waiting, ...m.kvUsage);
  if (profile.blockSizeMetric) names.push(profile.blockSizeMetric.name);
  return names;
}

/**
 * Reads a profile kind from a setting (`server:` / `--server`).
 *
 * @throws {UserError} (exit 2) naming the value when it is not a known kind
 * @example
 * ```ts
 * parseServerKind("llamacpp"); // "llamacpp"
 * ```
 */
export function parseServerKind(value: string): ServerKind {
  if ((SERVER_KINDS as readonly string[]).includes(value)) return value as ServerKind;
  throw new UserError(
    `Cannot use server "${value}": expected one of ${SERVER_KINDS.map((k) => `"${k}"`).join(", ")}`,
    { exitCode: 2 },
  );
}
