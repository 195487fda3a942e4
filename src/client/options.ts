/** @module The sweep's options: one zod schema shared by `deno task bench` and the `sweep` stage. */
import { z } from "zod";
import { SloSpec } from "../slo/spec.ts";
import { ThinkTime } from "../slo/think_time.ts";
import { TRUTH_OPTIONS } from "./truth_options.ts";

const positiveInt = z.coerce.number().int().positive();
const number = z.coerce.number();
/** A list that may also be written as one value (`concurrency: 4`). */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item));

/**
 * Everything a sweep needs, in the snake_case the pipeline's `with:` block uses (the CLI maps its
 * kebab-case flags onto it). Defaults live here.
 *
 * Cache resets, when `reset_cache_url` is set: before each load level (each concurrency or
 * request rate starts cold), and — only with `reset_cache_between_rounds` — also before every
 * round after the first (a cold control for round 2, which otherwise runs on a warm cache).
 */
export const SweepOptions = z.object({
  /** Sessions file (any of the three multi-turn shapes `readSessions` accepts). */
  dataset: z.string().min(1),
  /** Full chat completions URL, e.g. `http://127.0.0.1:8000/v1/chat/completions`. */
  endpoint: z.url(),
  /** Model name; when omitted the first id of `<base>/v1/models` is used. */
  model: z.string().min(1).optional(),
  /** Sessions to replay (first N, or a seeded sample when `seed` is set); all when omitted. */
  num_samples: positiveInt.optional(),
  /** Sessions in flight, one run per level and round. */
  concurrency: list(positiveInt).default([]),
  /** Poisson request rates (req/s), one run per rate and round. */
  request_rates: list(number.positive()).default([]),
  rounds: positiveInt.default(2),
  max_context_tokens: positiveInt.default(4096),
  max_output_tokens: positiveInt.default(512),
  /** Cache reset: `http://…` (POSTed), `METHOD http://…`, or `profile` (the server profile's). */
  reset_cache_url: z.string().min(1).optional(),
  reset_cache_between_rounds: z.boolean().default(false),
  save_requests: z.boolean().default(false),
  debug: z.boolean().default(false),
  /** Prometheus text endpoint scraped before and after every run. */
  prometheus_url: z.string().min(1).optional(),
  prometheus_metrics: list(z.string().min(1)).default([]),
  /** Sent as `Authorization: Bearer …`; never written to any file. */
  api_key: z.string().optional(),
  request_timeout_s: number.positive().default(300),
  seed: z.coerce.number().int().optional(),
  /** Pause between a session's turns, ms. */
  think_time_ms: number.min(0).default(0),
  /**
   * Idle time before every run after the first, s: lets a Prometheus server that scrapes every few
   * seconds see each run's window apart (about one scrape interval plus the scrape's `offset_s`).
   */
  pause_between_runs_s: number.min(0).default(0),
  /** Skip dataset lines that cannot be read (counted and logged) instead of stopping. */
  skip_invalid: z.boolean().default(false),
  // ── issue 13: SLOs and users mode ──
  /** SLO targets: every record gets `slo_met`, every run attainment and goodput. */
  slo: SloSpec.optional(),
  /** Concurrent conversations with think time, one run per level and round (users mode). */
  users: list(positiveInt).default([]),
  /** Users mode's think time between turns; default: fixed `think_time_ms`. */
  think_time: ThinkTime.optional(),
  /** Users mode: a run's length, s (replaying the sample as needed); default one pass. */
  duration_s: number.positive().optional(),
  /** Users mode: users start evenly over this long, s. */
  ramp_s: number.min(0).default(0),
  // issue 12: tokenizer, chat_template, server, cache_block_size, require_cold (truth_options.ts)
  ...TRUTH_OPTIONS,
  // ── issue 14: exact answer lengths, trace replay ──
  /**
   * Ask for exact answer lengths: `true` adds vLLM's `min_tokens` and `ignore_eos` to
   * `max_tokens`, `"auto"` what the detected server takes, `false` only `max_tokens`
   * (src/client/output_lengths.ts).
   */
  exact_output_tokens: z.union([z.boolean(), z.literal("auto")]).default(false),
  /**
   * Trace replay: each session's first request at its `turns[0].timestamp_ms` ÷ `speed` after
   * the run's start; one run per speed and round (src/client/run_replay.ts). `replay: 2` and
   * `replay: [1, 2]` are short for `{ speed: … }`.
   */
  replay: z.preprocess(
    (v) => (typeof v === "number" || Array.isArray(v) ? { speed: v } : v),
    z.strictObject({
      speed: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(number.positive()).min(1)),
    }),
  ).optional(),
  // issue 15 (repeat) ↓
  /**
   * Independent trials of the whole sweep (every load level × round), recorded apart (`trial` on
   * records and runs), so the spread between trials can be measured; each trial's load levels
   * start after a cache reset when `reset_cache_url` is set.
   */
  repeat: positiveInt.default(1),
  // issue 15 (repeat) ↑
}).strict().superRefine((o, ctx) => {
  if (o.max_output_tokens + 16 > o.max_context_tokens) {
    ctx.addIssue({
      code: "custom",
      path: ["max_context_tokens"],
      message: `must exceed max_output_tokens (${o.max_output_tokens}) by at least 16`,
    });
  }
  // Without a URL the server profile's reset is used (resolved at run time: server_target.ts).
  const byProfile = !o.reset_cache_url || o.reset_cache_url.trim() === "profile";
  if (byProfile && o.server === "generic" && (o.reset_cache_url || o.reset_cache_between_rounds)) {
    ctx.addIssue({
      code: "custom",
      path: ["reset_cache_url"],
      message: "must be a URL: a generic server has no known reset",
    });
  }
  if (o.prometheus_metrics.length > 0 && !o.prometheus_url) {
    ctx.addIssue({
      code: "custom",
      path: ["prometheus_url"],
      message: "is required by prometheus_metrics",
    });
  }
});

/** Validated sweep options (defaults filled in). */
export type SweepOptions = z.infer<typeof SweepOptions>;

/** Sweep options as a caller writes them (defaults optional). */
export type SweepOptionsInput = z.input<typeof SweepOptions>;

/**
 * One load level of a sweep: a fixed number of sessions in flight, a Poisson request rate, or
 * (users mode) a number of concurrent conversations with think time.
 */
export type LoadLevel =
  | { concurrency: number; rate: null; users?: undefined; replay?: undefined }
  | { concurrency: null; rate: number; users?: undefined; replay?: undefined }
  | { concurrency: null; rate: null; users: number; replay?: undefined }
  /** Issue 14: trace replay at this speed factor. */
  | { concurrency: null; rate: null; users?: undefined; replay: number };

/**
 * Returns the load levels in the order they run: every concurrency, then every request rate,
 * then every users level, then every trace replay speed; a single level of concurrency 1 when
 * none is given.
 *
 * @example
 * ```ts
 * loadLevels({ concurrency: [5, 10], request_rates: [] }); // [{concurrency:5,…}, {concurrency:10,…}]
 * ```
 */
export function loadLevels(
  o: Pick<SweepOptions, "concurrency" | "request_rates"> & {
    users?: number[];
    replay?: { speed: number[] };
  },
): LoadLevel[] {
  const levels: LoadLevel[] = [
    ...o.concurrency.map((c) => ({ concurrency: c, rate: null })),
    ...o.request_rates.map((r) => ({ concurrency: null, rate: r })),
    ...(o.users ?? []).map((u) => ({ concurrency: null, rate: null, users: u })),
    ...(o.replay?.speed ?? []).map((x) => ({ concurrency: null, rate: null, replay: x })),
  ];
  return levels.length > 0 ? levels : [{ concurrency: 1, rate: null }];
}

/**
 * Short label of a run for file names and logs: `round1_conc5`, `round2_rate2.5`, `round1_users8`,
 * `round1_replay2` (trace replay at speed 2).
 */
export function runLabel(round: number, level: LoadLevel): string {
  if (level.users !== undefined) return `round${round}_users${level.users}`;
  if (level.replay !== undefined) return `round${round}_replay${level.replay}`;
  return level.rate === null
    ? `round${round}_conc${level.concurrency}`
    : `round${round}_rate${level.rate}`;
}

/** The API key from the environment: `TURNBENCH_API_KEY`, else `OPENAI_API_KEY`, else undefined. */
export function apiKeyFromEnv(): string | undefined {
  return Deno.env.get("TURNBENCH_API_KEY") || Deno.env.get("OPENAI_API_KEY") || undefined;
}
