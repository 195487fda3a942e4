/** @module `deno task bench`: replay multi-turn sessions against an endpoint over load levels and rounds. */
import { Command } from "commander";
import { apiKeyFromEnv } from "../client/options.ts";
import { sweepProgress } from "../client/progress.ts";
import { bench } from "./bench_run.ts";
import { addSloFlags, capacityFlagValues, sloFlagValues, thinkTimeFlag } from "./bench_slo.ts";
import { choiceFlag, intFlag, listOf, numberFlag, parseCommand, portFlag } from "./flags.ts";
import { withInterrupt } from "./interrupt.ts";
import { withProgress } from "./progress.ts";
import { runMain } from "./run_main.ts";
import { resolveShard } from "../shard/identity.ts";
import { ShardSettings } from "../shard/options.ts";
import type { SweepMode } from "../shard/sweep_modes.ts";

const HELP_AFTER = `
Each load level (every --concurrency, then every --request-rate) runs --rounds rounds over the
same sessions. Round 1 starts from empty history; round 2 replays the sessions again from empty
history, so a prefix cache warmed by round 1 shows up as lower TTFT and more cached tokens.
Cache resets (--reset-cache-url, or the --server profile's own): before each load level, so every
level starts cold; with --reset-cache-between-rounds also before every later round (a cold
control for round 2). After each reset the first turns are checked: hitting more than other
sessions sent means the reset did not clear the cache (a warning; --require-cold: exit 1).
Prompts are counted with --tokenizer before each request's clock starts; every record says which.
--repeat N runs all of that N times over the same sessions (trials 0…N−1, recorded apart, each
trial's levels after a reset), so \`deno task compare\` can tell a change from noise.
A failed turn is recorded and its session goes on with the next turn (nothing is appended).
A turn's recorded tool steps are one request each (tool_calls and results appended as recorded).
--replay-speed runs a trace replay level per speed: each session's first request at its
turns[0].timestamp_ms ÷ speed, how late it went out recorded as queue_wait_ms.
Ctrl-C stops sending, keeps every finished record and marks the summary incomplete (exit 130).
The API key comes from --api-key, else TURNBENCH_API_KEY, else OPENAI_API_KEY; it is never written.
Exit codes: 0 done; 1 the run failed (a bad dataset, an unreachable model list, a failed cache
reset, or every request failed: the table and files are still written); 2 bad flags; 130 interrupted.

Examples:
  deno task bench --dataset examples/example_dataset.json --mock-server --mock-host 127.0.0.1 \\
    --mock-port 8765 --num-samples 4 --concurrency 2
  deno task bench --dataset data/mixed.jsonl --endpoint http://127.0.0.1:8001/v1/chat/completions \\
    --num-samples 50 --concurrency 5 10 --max-context-tokens 4096 --max-output-tokens 512 \\
    --output-dir results/mixed --reset-cache-url http://127.0.0.1:8001/reset`;

/**
 * Runs the command on `argv` (without the program name) and returns its exit code: 0, 130
 * interrupted; a bad flag throws with code 2, a failed run (bad dataset, every request failed)
 * with 1.
 *
 * @example
 * ```ts
 * await main(["--dataset", "examples/example_dataset.json", "--mock-server", "--concurrency", "2"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("bench")
    .description("Replay multi-turn sessions against an OpenAI-compatible chat endpoint")
    .requiredOption("--dataset <path>", "sessions file (JSONL or JSON array, any multi-turn shape)")
    .option(
      "--endpoint <url>",
      "chat completions URL, e.g. http://127.0.0.1:8000/v1/chat/completions",
    )
    .option("--model <name>", "model name (default: the first of <base>/v1/models)")
    .option("--num-samples <n>", "sessions to replay (default: all)", intFlag)
    .option(
      "--concurrency <n...>",
      "sessions in flight, one run per level (default: 1)",
      listOf(intFlag),
    )
    .option(
      "--request-rate <r...>",
      "Poisson request rates in req/s, one run per rate",
      listOf(numberFlag),
    )
    .option("--rounds <n>", "rounds per load level", intFlag, 2)
    .option(
      "--max-context-tokens <n>",
      "prompt + max output tokens must fit in this",
      intFlag,
      4096,
    )
    .option("--max-output-tokens <n>", "max_tokens of each request", intFlag, 512)
    .option("--output-dir <dir>", "where records.jsonl and summary.json go", "results/bench")
    .option("--mock-server", "start the built-in mock server and benchmark it", false)
    .option("--mock-host <host>", "host of the built-in mock", "127.0.0.1")
    .option("--mock-port <port>", "port of the built-in mock (0: any free port)", portFlag, 0)
    .option("--reset-cache-url <url>", 'cache reset: URL (POSTed) or "METHOD URL"')
    .option(
      "--reset-cache-between-rounds",
      "also reset the cache before every round after the first",
      false,
    )
    .option("--save-requests", "write the exact request bodies to --output-dir", false)
    .option(
      "--debug",
      "write per-request logs (messages, context tokens) to --debug-log-dir",
      false,
    )
    .option("--debug-log-dir <dir>", "where --debug logs go", "debug_logs")
    .option("--prometheus-url <url>", "metrics page scraped before and after every run")
    .option("--prometheus-metrics <name...>", "series to keep from --prometheus-url")
    .option("--api-key <key>", "bearer token (default: $TURNBENCH_API_KEY or $OPENAI_API_KEY)")
    .option(
      "--request-timeout <s>",
      "seconds before a request counts as timed out",
      numberFlag,
      300,
    )
    .option("--seed <n>", "seeded sample of sessions and seeded Poisson arrivals", intFlag)
    .option(
      "--think-time <ms>",
      "pause between a session's turns, ms; users mode also exp:<mean>, lognormal:<median>,<p90>",
      thinkTimeFlag,
    )
    .option(
      "--pause-between-runs <s>",
      "idle time before every run after the first (lets a Prometheus server tell runs apart)",
      numberFlag,
      0,
    )
    .option("--skip-invalid", "skip dataset records that cannot be read (counted)", false)
    .option("--repeat <n>", "independent trials of every level × round (compare them)", intFlag, 1)
    .option("--workers <n>", "shard processes on this machine, merged at the end", intFlag, 1)
    .option("--shard-index <i>", "run only this shard (default: from the environment)", intFlag)
    .option("--shard-count <n>", "number of shards (default: from the environment)", intFlag)
    .option("--sync-id <id>", "names this attempt's start barrier, same on every shard", "default")
    .option("--start-at <time>", "the shards' first run starts at this time (epoch ms or ISO)")
    .option("--resume", "keep the finished runs in --output-dir and redo the rest", false)
    // issue 12: tokens and cache truth
    .option(
      "--tokenizer <spec>",
      'prompt counting: "gpt", "hf:<path>" (local tokenizer.json + chat template) or "server"',
      "gpt",
    )
    .option("--chat-template <file>", "chat template file for --tokenizer hf:<path>")
    .option(
      "--server <kind>",
      "vllm, sglang, llamacpp, lmcache, mock or generic (default: detected)",
    )
    .option("--cache-block-size <n>", "prefix cache block size (default: the server's)", intFlag)
    .option("--require-cold", "fail when a cache reset did not clear the cache", false)
    // issue 14: exact answer lengths, trace replay
    .option(
      "--exact-output-tokens [mode]",
      "ask for exact answer lengths: min_tokens + ignore_eos; auto: what the detected server takes",
      exactOutputFlag,
    )
    .option(
      "--replay-speed <s...>",
      "trace replay: each session's first request at its trace time ÷ s (one run per speed)",
      listOf(numberFlag),
    )
    .addHelpText("after", HELP_AFTER);
  addSloFlags(program); // issue 13: --slo, --users, --duration, --ramp, --capacity …
  if (!parseCommand(program, argv)) return 0;
  const f = program.opts();
  return await withInterrupt(
    "interrupted: stopping; finished records are kept",
    (signal) =>
      withProgress("bench", (out) =>
        bench({
          dataset: f.dataset,
          endpoint: f.endpoint,
          model: f.model,
          num_samples: f.numSamples,
          concurrency: f.concurrency,
          request_rates: f.requestRate,
          rounds: f.rounds,
          max_context_tokens: f.maxContextTokens,
          max_output_tokens: f.maxOutputTokens,
          reset_cache_url: f.resetCacheUrl,
          reset_cache_between_rounds: f.resetCacheBetweenRounds,
          save_requests: f.saveRequests,
          debug: f.debug,
          prometheus_url: f.prometheusUrl,
          prometheus_metrics: f.prometheusMetrics,
          api_key: f.apiKey ?? apiKeyFromEnv(),
          request_timeout_s: f.requestTimeout,
          seed: f.seed,
          pause_between_runs_s: f.pauseBetweenRuns,
          skip_invalid: f.skipInvalid,
          repeat: f.repeat,
          tokenizer: f.tokenizer,
          chat_template: f.chatTemplate,
          server: f.server,
          cache_block_size: f.cacheBlockSize,
          require_cold: f.requireCold,
          exact_output_tokens: f.exactOutputTokens,
          replay: f.replaySpeed,
          output_dir: f.outputDir,
          debug_log_dir: f.debugLogDir,
          ...sloFlagValues(f),
          capacity: capacityFlagValues(f),
          mock_server: f.mockServer,
          mock_host: f.mockHost,
          mock_port: f.mockPort,
          mode: benchMode(f),
          signal,
          progress: sweepProgress(out),
          print: out.print,
        })),
  );
}

/** `--exact-output-tokens [true|false|auto]` (no value: true). */
function exactOutputFlag(value: string): boolean | "auto" {
  const v = choiceFlag(["true", "false", "auto"])(value);
  return v === "auto" ? "auto" : v === "true";
}

/** Workers, a shard (from the flags or the environment) or a resume, from the flags. */
function benchMode(f: Record<string, unknown>): SweepMode {
  const shard = resolveShard({
    index: f.shardIndex as number | undefined,
    count: f.shardCount as number | undefined,
  });
  return {
    workers: f.workers as number,
    resume: f.resume as boolean,
    shard: shard
      ? ShardSettings.parse({
        ...shard,
        sync_id: f.syncId,
        start_at: f.startAt,
        resume: f.resume,
      })
      : undefined,
  };
}

if (import.meta.main) await runMain(() => main(Deno.args));
