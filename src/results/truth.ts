/**
 * @module The summary fields of issue 12 (exact tokens and cache truth): per run, the server's
 * prompt tokens against the client's (`token_check`), expected / reported / scraped cached
 * tokens and the reset check (`cache_truth`), TTFT and cached share by turn (`per_turn`); per
 * sweep, the server profile and tokenizer used and the warnings.
 */
import { z } from "zod";

const int = z.number().int();

/** A distribution of samples (the shape of summary.ts's `Distribution`, repeated to avoid a cycle). */
const Dist = z.object({
  count: int,
  mean: z.number(),
  min: z.number(),
  max: z.number(),
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
});

/** Share of disagreement between server and client prompt counts that is still agreement. */
export const TOKEN_RATIO_TOLERANCE = 0.02;

/** Server against client prompt tokens over one run's successful requests. */
export const TokenCheck = z.object({
  /** The records' `token_source` (`gpt`, `hf`, `server`); `mixed` when several; null when none. */
  source: z.string().nullable(),
  /** Requests that had both counts (ok, usage prompt_tokens and client_prompt_tokens). */
  requests: int,
  /** Σ client_prompt_tokens over those requests. */
  client_prompt_tokens: int,
  /** Σ usage prompt_tokens over those requests. */
  server_prompt_tokens: int,
  /** server / client; null when no request had both. */
  ratio: z.number().nullable(),
  /** True when the ratio is off 1 by more than 2% ({@link TOKEN_RATIO_TOLERANCE}). */
  disagrees: z.boolean(),
});

/** Server against client prompt tokens over one run. */
export type TokenCheck = z.infer<typeof TokenCheck>;

/** The check of the cache reset that preceded a run (its first turns; see src/cache/reset_check.ts). */
export const ResetCheck = z.object({
  /** The reset made, as `METHOD url` (several calls joined with `, `). */
  url: z.string(),
  /** True: cold; false: first turns hit more than other sessions had sent; null: nothing judged. */
  cleared: z.boolean().nullable(),
  judged: int,
  over_hits: int,
  /** Cached tokens beyond what other sessions' prompts allowed (server tokens). */
  excess_tokens: int,
  /** Σ reported cached / Σ prompt tokens over the judged first turns (0–1). */
  reported_share: z.number(),
  /** Σ allowed / Σ prompt tokens over the judged first turns (0–1). */
  allowed_share: z.number(),
});

/** The check of a run's preceding reset. */
export type ResetCheck = z.infer<typeof ResetCheck>;

/** Expected, reported and scraped cached tokens of one run, side by side. */
export const CacheTruthSummary = z.object({
  /** Cache block size the expectation was rounded to. */
  block_size: int,
  /**
   * Σ expected_cached_tokens over successful requests, in server tokens (each request's scaled by
   * its server / client prompt tokens; the same when the counts agree).
   */
  expected: int,
  /** Σ cached_tokens the server reported; null when it never did. */
  reported: int.nullable(),
  /** Δ of the server profile's cached-tokens counter over the run; null when not scraped. */
  scraped: z.number().nullable(),
  /** Hit rate (0–1) from the scraped counters with the profile's formula; null when not scraped. */
  scraped_hit_rate: z.number().nullable(),
  /** reported / expected; null when either is missing or nothing was expected. */
  efficiency: z.number().nullable(),
  /** `agree`, `below` (eviction or a missed hit), `above` (a cache the client did not know of). */
  verdict: z.enum(["agree", "below", "above"]).nullable(),
  /** Output tokens of earlier turns an engine may also have kept (reported may exceed by this). */
  generated_allowance: int.default(0),
  /** The check of the reset made before this run; null when none was. */
  reset: ResetCheck.nullable(),
});

/** Expected, reported and scraped cached tokens of one run. */
export type CacheTruthSummary = z.infer<typeof CacheTruthSummary>;

/** Successful requests of one turn index (or a group of them). */
export const TurnGroup = z.object({
  requests: int,
  ttft_ms: Dist.nullable(),
  /** Σ cached_tokens / Σ prompt_tokens over requests that reported cached_tokens; null if none. */
  cached_share: z.number().nullable(),
  /** Σ expected_cached_tokens / Σ client_prompt_tokens; null when not recorded. */
  expected_share: z.number().nullable(),
});

/** Successful requests of one turn index. */
export type TurnGroup = z.infer<typeof TurnGroup>;

/** TTFT and cached share by turn index: the multi-turn story of one run. */
export const PerTurn = z.object({
  /** turn_index 0. */
  first: TurnGroup,
  /** turn_index ≥ 1. */
  follow_ups: TurnGroup,
  /** One entry per turn index seen, in order. */
  by_turn: z.array(TurnGroup.extend({ turn_index: int })),
});

/** TTFT and cached share by turn index. */
export type PerTurn = z.infer<typeof PerTurn>;

/** The server profile a sweep used. */
export const ServerInfo = z.object({
  kind: z.string(),
  label: z.string(),
  block_size: int,
  /** How it was chosen: `server: llamacpp`, or what detection saw. */
  evidence: z.string(),
  /** The reset call made before runs, or null when none. */
  reset: z.string().nullable(),
  /** How the prompt-cache hit rate is computed from its counters. */
  hit_rate_formula: z.string().nullable(),
});

/** The server profile a sweep used. */
export type ServerInfo = z.infer<typeof ServerInfo>;

/** The tokenizer a sweep counted prompts with. */
export const TokenizerInfo = z.object({
  /** As given: `gpt`, `hf:<path>`, `server`. */
  name: z.string(),
  source: z.enum(["gpt", "hf", "server"]),
  /** How prompts are rendered (template, framing, endpoint). */
  rendering: z.string(),
});

/** The tokenizer a sweep counted prompts with. */
export type TokenizerInfo = z.infer<typeof TokenizerInfo>;
