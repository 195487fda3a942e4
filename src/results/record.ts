/** @module The request record: one JSONL line per request, written as the sweep runs. */
import { z } from "zod";
import { SloMet } from "./slo.ts";

/** How a request failed, for counting errors by kind. */
export const ErrorKind = z.enum([
  "http_429",
  "http_4xx",
  "http_5xx",
  "timeout",
  "connection",
  "stream",
  "aborted",
]);

/** How a request failed, for counting errors by kind. */
export type ErrorKind = z.infer<typeof ErrorKind>;

/** Where a token count came from: the server's `usage`, or counted with gpt-tokenizer. */
export const TokenSource = z.enum(["usage", "counted"]);

/** Where a token count came from. */
export type TokenSource = z.infer<typeof TokenSource>;

/** Which tokenizer counted a prompt on the client (`tokenizer:`): gpt-tokenizer, a Hugging Face tokenizer, the server. */
export const PromptCountSource = z.enum(["gpt", "hf", "server"]);

/** Which tokenizer counted a prompt on the client. */
export type PromptCountSource = z.infer<typeof PromptCountSource>;

/** One request of a sweep (definitions as in vLLM's benchmark; see DESIGN.md). */
export const RequestRecord = z.object({
  /** 1-based round number. */
  round: z.number().int().min(1),
  /** Sessions in flight for this run; null in request-rate mode. */
  concurrency: z.number().int().min(1).nullable(),
  /** Poisson arrival rate (req/s) in request-rate mode; null in concurrency mode. */
  request_rate: z.number().positive().nullable().default(null),
  session_id: z.string(),
  /** 0-based index of the user message in its session. */
  turn_index: z.number().int().min(0),
  /** The `x-request-id` header sent with the request (matches server logs); null if unknown. */
  request_id: z.string().nullable().default(null),
  /** Wall clock when the request was sent, epoch milliseconds. */
  started_at: z.number(),
  /** Time the request waited past its scheduled send time (rate mode), ms. */
  queue_wait_ms: z.number().nullable().default(null),
  /** Request sent → first chunk carrying content, ms; null when none arrived. */
  ttft_ms: z.number().nullable(),
  /** Request sent → last byte, ms; null when the request failed before an answer. */
  e2e_ms: z.number().nullable(),
  /** Gaps between content chunks, ms. */
  itl_ms: z.array(z.number()),
  /** (E2E − TTFT) / (output_tokens − 1), ms; null with fewer than two output tokens. */
  tpot_ms: z.number().nullable(),
  output_tokens: z.number().int().min(0),
  output_tokens_source: TokenSource,
  prompt_tokens: z.number().int().min(0),
  prompt_tokens_source: TokenSource,
  /** Prompt tokens the server served from its prefix cache, when it says. */
  cached_tokens: z.number().int().min(0).nullable(),
  /** Prompt tokens counted by the client after truncation, chat framing included. */
  context_tokens: z.number().int().min(0),
  history_truncated: z.boolean(),
  dropped_turns: z.number().int().min(0),
  /** True when one message alone was too long and was cut. */
  message_truncated: z.boolean().default(false),
  finish_reason: z.string().nullable().default(null),
  ok: z.boolean(),
  http_status: z.number().int().nullable(),
  error: z.string().nullable(),
  error_kind: ErrorKind.nullable().default(null),
  /** The shard that sent the request, `"<index>-of-<count>"`; null for an unsharded sweep. */
  shard: z.string().nullable().default(null),
  // ── issue 13: users mode, capacity probes, SLOs ──
  /** Concurrent conversations of this run (users mode); null in the other modes. */
  users: z.number().int().min(1).nullable().default(null),
  /** Users mode: 0 on the first pass over the sample, 1… on replays (key `session_id#replay`). */
  replay: z.number().int().min(0).default(0),
  /**
   * 0 for a sweep run and a capacity search's main probes; 1… for its repeated trials, and for a
   * repeated sweep's (`repeat: N`, issue 15) trials after the first (0 … N − 1).
   */
  trial: z.number().int().min(0).default(0),
  /** Whether the request met each SLO target (`src/slo/evaluate.ts`); null without an SLO. */
  slo_met: SloMet.nullable().default(null),
  // --- issue 12: exact tokens and cache truth ---
  /** Which tokenizer counted `client_prompt_tokens` (and `context_tokens`); null in older records. */
  token_source: PromptCountSource.nullable().default(null),
  /** The prompt as the client counted it with `token_source`, template applied (= context_tokens). */
  client_prompt_tokens: z.number().int().min(0).nullable().default(null),
  /**
   * Longest token prefix this prompt shares with an earlier prompt since the last reset, in whole
   * cache blocks (client tokens): what an ideal prefix cache serves. Beside `cached_tokens`.
   */
  expected_cached_tokens: z.number().int().min(0).nullable().default(null),
  // --- end issue 12 ---
  // ── issue 14: tool replay, requested answer lengths, trace replay ──
  /**
   * The request's place in its turn: 0 for the turn's first request, j after j replayed tool
   * steps (the turn's answer is the request with the highest `tool_step`).
   */
  tool_step: z.number().int().min(0).default(0),
  /** Tool calls (with their results) the replay appended just before this request. */
  tool_calls_sent: z.number().int().min(0).default(0),
  /** Tool calls the server's answer made (`delta.tool_calls`, counted by index). */
  tool_calls: z.number().int().min(0).default(0),
  /** The `max_tokens` the request sent; null in records older than the field. */
  requested_output_tokens: z.number().int().min(1).nullable().default(null),
  /**
   * With an exact length asked (`exact_output_tokens`): the server finished with fewer tokens
   * than `requested_output_tokens`; null when none was asked or the request failed.
   */
  stopped_early: z.boolean().nullable().default(null),
  /** Trace replay: the speed factor of the run; null in the other modes. */
  trace_speed: z.number().positive().nullable().default(null),
  /**
   * Trace replay: when the request was due (its trace time ÷ speed after the run's start), epoch
   * ms; `queue_wait_ms` is how late it went out. Null for requests without a trace time.
   */
  due_at: z.number().nullable().default(null),
});

/** One request of a sweep. */
export type RequestRecord = z.infer<typeof RequestRecord>;
