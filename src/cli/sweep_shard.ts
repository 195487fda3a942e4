/**
 * @module The worker behind `workers: N` and `bench --workers N`: one shard of a sweep whose
 * options are in a JSON file, into the shared folder. The API key comes from the environment.
 */
import { Command } from "commander";
import { apiKeyFromEnv, SweepOptions } from "../client/options.ts";
import { stderrProgress } from "../client/progress.ts";
import { intOption, parseFlags } from "../datasets/flags.ts";
import { readJsonFile } from "../io/json_file.ts";
import { resolveShard } from "../shard/identity.ts";
import { epochMs } from "../shard/options.ts";
import { runShardSweep } from "../shard/run_shard.ts";
import { UserError } from "../util/errors.ts";
import { withInterrupt } from "./interrupt.ts";
import { runMain } from "./run_main.ts";
import { z } from "zod";

/**
 * Runs one shard; exit 0 when its sweep finished, 130 when interrupted.
 *
 * @example
 * ```ts
 * await main(["--options", "out/shards/options.json", "--dir", "out", "--shard-index", "0", "--shard-count", "2"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const f = new Command("sweep-shard")
    .description("Run one shard of a sweep whose options are in a JSON file")
    .requiredOption("--options <file>", "the sweep's options (JSON, the sweep stage's with: block)")
    .requiredOption("--dir <dir>", "the shared output folder")
    .option("--shard-index <i>", "this shard (default: from the environment)", intOption)
    .option("--shard-count <n>", "number of shards (default: from the environment)", intOption)
    .option("--sync-id <id>", "names this attempt's start barrier", "default")
    .option("--start-at <time>", "the first run's start (epoch ms or ISO time)")
    .option("--sync-timeout-s <s>", "wait at most this long for the other shards", intOption, 600)
    .option("--margin-ms <ms>", "start this long after the last shard is ready", intOption, 500)
    .option("--resume", "keep this shard's finished runs from an earlier attempt", false)
    .parse(argv, { from: "user" })
    .opts();
  const shard = resolveShard({ index: f.shardIndex, count: f.shardCount });
  if (!shard) {
    throw new UserError(`Missing option "--shard-index": which shard is this?`, { exitCode: 2 });
  }
  const raw = await readJsonFile(f.options, z.record(z.string(), z.unknown()), "sweep options");
  const options = parseFlags(SweepOptions, { ...raw, api_key: apiKeyFromEnv() });
  const summary = await withInterrupt(
    "interrupted: stopping; finished records are kept",
    (signal) =>
      runShardSweep(options, {
        shard,
        dir: f.dir,
        syncId: f.syncId,
        startAt: f.startAt === undefined ? undefined : epochMs(f.startAt),
        syncTimeoutMs: f.syncTimeoutS * 1000,
        marginMs: f.marginMs,
        resume: f.resume,
        signal,
        progress: stderrProgress(false),
      }),
  );
  return summary.complete ? 0 : 130;
}

if (import.meta.main) await runMain(() => main(Deno.args));
