/**
 * @module The worker behind `workers: N` and `bench --workers N`: one shard of a sweep whose
 * options are in a JSON file, into the shared folder. The API key comes from the environment.
 */
import { Command } from "commander";
import { apiKeyFromEnv, SweepOptions } from "../client/options.ts";
import { sweepProgress } from "../client/progress.ts";
import { intFlag, parseCommand, parseFlagValues } from "./flags.ts";
import { withProgress } from "./progress.ts";
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
  const program = new Command("sweep-shard")
    .description("Run one shard of a sweep whose options are in a JSON file")
    .requiredOption("--options <file>", "the sweep's options (JSON, the sweep stage's with: block)")
    .requiredOption("--dir <dir>", "the shared output folder")
    .option("--shard-index <i>", "this shard (default: from the environment)", intFlag)
    .option("--shard-count <n>", "number of shards (default: from the environment)", intFlag)
    .option("--sync-id <id>", "names this attempt's start barrier", "default")
    .option("--start-at <time>", "the first run's start (epoch ms or ISO time)")
    .option("--sync-timeout-s <s>", "wait at most this long for the other shards", intFlag, 600)
    .option("--margin-ms <ms>", "start this long after the last shard is ready", intFlag, 500)
    .option("--resume", "keep this shard's finished runs from an earlier attempt", false);
  if (!parseCommand(program, argv)) return 0;
  const f = program.opts();
  const shard = resolveShard({ index: f.shardIndex, count: f.shardCount });
  if (!shard) {
    throw new UserError(`Missing option "--shard-index": which shard is this?`, { exitCode: 2 });
  }
  const raw = await readJsonFile(f.options, z.record(z.string(), z.unknown()), "sweep options");
  const options = parseFlagValues(SweepOptions, { ...raw, api_key: apiKeyFromEnv() });
  const summary = await withInterrupt(
    "interrupted: stopping; finished records are kept",
    (signal) =>
      withProgress("sweep-shard", (out) =>
        runShardSweep(options, {
          shard,
          dir: f.dir,
          syncId: f.syncId,
          startAt: f.startAt === undefined ? undefined : epochMs(f.startAt),
          syncTimeoutMs: f.syncTimeoutS * 1000,
          marginMs: f.marginMs,
          resume: f.resume,
          signal,
          progress: sweepProgress(out),
        })),
  );
  return summary.complete ? 0 : 130;
}

if (import.meta.main) await runMain(() => main(Deno.args));
