/**
 * @module `deno task merge-shards <dir>`: the exact merge of a sharded sweep's shard folders into
 * the records.jsonl and summary.json one process would have written.
 */
import { Command } from "commander";
import { intFlag, parseCommand } from "./flags.ts";
import { mergeShards } from "../shard/merge.ts";
import { waitForShards } from "../shard/wait.ts";
import { UserError } from "../util/errors.ts";
import { withInterrupt } from "./interrupt.ts";
import { runMain } from "./run_main.ts";

const HELP_AFTER = `
Reads <dir>/shards/<i>-of-<n>/records.jsonl (streamed) and writes <dir>/records.jsonl and
<dir>/summary.json: run summaries recomputed from every record, so percentiles are exact. It checks
that the shards ran one configuration and dataset digest (else exit 1 naming the field), and
reports runs whose shards did not overlap in time and the start skew between shards.
Exit codes: 0 complete; 1 partial (a shard missing or unfinished: files are still written, the
summary says complete: false and names them) or an error; 2 bad arguments.

Examples:
  deno task merge-shards results/sharded
  deno task merge-shards /results/run --count 4 --wait-s 86400   # a Kubernetes merge Job`;

/**
 * Runs the command on `argv`; returns its exit code.
 *
 * @example
 * ```ts
 * await main(["results/sharded"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("merge-shards")
    .description("Merge a sharded sweep's shard folders exactly")
    .argument("<dir>", "the shared output folder (holding shards/)")
    .option("--out <dir>", "where the merged files go (default: <dir>)")
    .option("--count <n>", "number of shards (default: from the folder names)", intFlag)
    .option("--wait-s <s>", "first wait up to this long for every shard to finish", intFlag, 0)
    .addHelpText("after", HELP_AFTER);
  if (!parseCommand(program, argv)) return 0;
  const f = program.opts<{ out?: string; count?: number; waitS: number }>();
  const dir = program.args[0];
  if (f.waitS > 0) {
    if (f.count === undefined) {
      throw new UserError(`Missing option "--count": --wait-s needs the shard count`, {
        exitCode: 2,
      });
    }
    const unfinished = await withInterrupt("interrupted", (signal) =>
      waitForShards(dir, {
        count: f.count!,
        timeoutMs: f.waitS * 1000,
        signal,
        log: (m) => console.error(`merge-shards: ${m}`),
      }));
    if (unfinished.length) {
      console.error(`merge-shards: shards ${unfinished.join(", ")} unfinished; merging anyway`);
    }
  }
  const { summary, records, notes } = await mergeShards(dir, { out: f.out, count: f.count });
  for (const note of notes) console.error(`merge-shards: ${note}`);
  const shards = summary.shards!;
  console.log(
    `merged ${records} records of ${shards.present.length}/${shards.count} shards into ${
      f.out ?? dir
    }${summary.complete ? "" : " (partial)"}`,
  );
  return summary.complete ? 0 : 1;
}

if (import.meta.main) await runMain(() => main(Deno.args));
