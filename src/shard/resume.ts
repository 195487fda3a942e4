/**
 * @module Resume an interrupted sweep (Ctrl-C, SIGTERM, kill -9) in its own results folder: the
 * runs its `summary.json` lists as finished are kept and not measured again; the records of any
 * other run (the one cut short) are dropped from `records.jsonl`, and that run is redone from its
 * start. The configuration and dataset digest must match the earlier attempt's, or it refuses.
 *
 * A run counts as finished when it is complete and not every one of its requests failed (a run
 * that measured only errors is worth measuring again).
 */
import { join } from "node:path";
import type { SweepHooks } from "../client/sweep_hooks.ts";
import type { LoadLevel } from "../client/options.ts";
import { writeAtomically } from "../io/atomic_write.ts";
import { readChunks } from "../io/chunks.ts";
import { splitLines } from "../io/lines.ts";
import { writeAll } from "../io/write_all.ts";
import { RECORDS_FILE } from "../results/layout.ts";
import { readSweepSummary, type RunSummary, type SweepSummary } from "../results/summary.ts";
import { UserError } from "../util/errors.ts";
import { configDifference, shown } from "./config_match.ts";

/** Identifies a run by round and load level. */
export function runKey(
  round: number,
  concurrency: number | null,
  rate: number | null,
  mode?: { users?: number | null; trace_speed?: number | null; trial?: number },
): string {
  // Users and trace-replay runs have neither a concurrency nor a rate (issues 13, 14); a repeated
  // sweep's trials are told apart by their trial (issue 15).
  const extra = mode?.users != null
    ? `|u${mode.users}`
    : mode?.trace_speed != null
    ? `|x${mode.trace_speed}`
    : "";
  return `${round}|${concurrency}|${rate}${extra}${mode?.trial ? `|t${mode.trial}` : ""}`;
}

/** What the resume found, for the log. */
export interface ResumeNote {
  kept: number;
  droppedRecords: number;
}

/**
 * Hooks that make a sweep into `outDir` resume the attempt found there (or start afresh when
 * there is none).
 *
 * @param onResume told what was kept, once the earlier attempt was read
 * @example
 * ```ts
 * await runSweep(options, { outDir, progress, hooks: resumeHooks(outDir) });
 * ```
 */
export function resumeHooks(outDir: string, onResume?: (note: ResumeNote) => void): SweepHooks {
  const kept = new Map<string, RunSummary>();
  return {
    append: true,
    async start(summary: SweepSummary) {
      const path = join(outDir, RECORDS_FILE);
      const old = await readSweepSummary(outDir).catch(() => null);
      if (old === null) {
        await Deno.remove(path).catch(() => {});
        return;
      }
      const diff = configDifference(old.config, summary.config);
      if (diff) {
        throw new UserError(
          `Cannot resume the sweep in "${outDir}": it ran a different configuration: "${diff.field}" was ${
            shown(diff.a)
          }, now ${shown(diff.b)}`,
          { exitCode: 2 },
        );
      }
      for (const run of old.runs) {
        if (run.complete && !(run.requests.ok === 0 && run.requests.failed > 0)) {
          kept.set(runKey(run.round, run.concurrency, run.request_rate, run), run);
        }
      }
      summary.started_at = old.started_at;
      const dropped = await keepRecordsOf(path, kept);
      onResume?.({ kept: kept.size, droppedRecords: dropped });
    },
    kept(round: number, level: LoadLevel, trial = 0) {
      return kept.get(
        runKey(round, level.concurrency, level.rate, {
          users: level.users,
          trace_speed: level.replay,
          trial,
        }),
      );
    },
  };
}

/**
 * Rewrites `records.jsonl` (atomically) with only the records of the kept runs, in their order;
 * a cut-off last line is dropped. Returns how many records were dropped.
 */
async function keepRecordsOf(path: string, kept: Map<string, RunSummary>): Promise<number> {
  let dropped = 0;
  try {
    await Deno.stat(path);
  } catch {
    return 0;
  }
  const encoder = new TextEncoder();
  await writeAtomically(path, async (file) => {
    let out: string[] = [];
    let size = 0;
    for await (const { text } of splitLines(readChunks(path), path)) {
      if (text.trim() === "") continue;
      let r: {
        round?: number;
        concurrency?: number | null;
        request_rate?: number | null;
        users?: number | null;
        trace_speed?: number | null;
        trial?: number;
      };
      try {
        r = JSON.parse(text);
      } catch {
        dropped++;
        continue;
      }
      if (!kept.has(runKey(r.round ?? 0, r.concurrency ?? null, r.request_rate ?? null, r))) {
        dropped++;
        continue;
      }
      out.push(text);
      size += text.length;
      if (size > 1 << 20) {
        await writeAll(file, encoder.encode(out.join("\n") + "\n"));
        out = [];
        size = 0;
      }
    }
    if (out.length) await writeAll(file, encoder.encode(out.join("\n") + "\n"));
  });
  return dropped;
}
