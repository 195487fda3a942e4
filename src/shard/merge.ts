/**
 * @module The exact merge of a sharded sweep: the shards' raw records, streamed, become the
 * `records.jsonl` and `summary.json` one process would have written from them. Run summaries are
 * recomputed from every record with the one accumulator (src/stats), so percentiles come from the
 * union and are never averaged.
 *
 * Records are written in the order one process writes them: run by run, and within a run by
 * finish time (a k-way merge of the shards' files, each already in that order). A run's window
 * spans the shards' windows (earliest start to latest end), so throughput is the whole load's.
 * Scraped metrics of a run are the lowest present shard's (every shard scraped the same server).
 *
 * Memory stays flat in the records: the latency samples spill to files in a folder inside the
 * output (removed at the end), and their percentiles are selected exactly from there
 * (src/stats/spilled_samples.ts).
 */
import { join } from "node:path";
import { writeAtomically } from "../io/atomic_write.ts";
import { writeAll } from "../io/write_all.ts";
import { RECORDS_FILE, SUMMARY_FILE } from "../results/layout.ts";
import {
  readSweepSummary,
  type RunSummary,
  type SweepSummary,
  writeSweepSummary,
} from "../results/summary.ts";
import { RunAccumulator } from "../stats/run_summary.ts";
import type { RequestRecord } from "../results/record.ts";
import { UserError } from "../util/errors.ts";
import { parseShardLabel, type ShardId, shardLabel } from "./identity.ts";
import { shardFolder, SHARDS_DIR } from "./layout.ts";
import {
  checkSameConfig,
  endpointNote,
  type PresentShard,
  type RunWindows,
  timing,
} from "./merge_checks.ts";
import { RecordCursor, type RecordHead, type RecordLine } from "./record_stream.ts";
import { runKey } from "./resume.ts";

/** What a merge wrote and found. */
export interface MergeResult {
  summary: SweepSummary;
  records: number;
  /** One line each: missing or incomplete shards, runs that did not overlap, skew, endpoints. */
  notes: string[];
}

/** Options of {@linkcode mergeShards}. */
export interface MergeOptions {
  /** Where the merged files go; default `dir`. */
  out?: string;
  /** The shard count, when known (else read from the folder names). */
  count?: number;
}

/**
 * Merges `<dir>/shards/<i>-of-<n>/` into `<out>/records.jsonl` and `<out>/summary.json`
 * (both written atomically). A missing shard (no folder or summary) or an incomplete one is
 * named in the notes and in `summary.shards`, and makes the summary `complete: false`.
 *
 * @throws {UserError} when there is no shard folder, the folders disagree on the count, or the
 *   shards ran different configurations (naming the field)
 * @example
 * ```ts
 * const { summary, notes } = await mergeShards("results/sharded");
 * ```
 */
export async function mergeShards(dir: string, opts: MergeOptions = {}): Promise<MergeResult> {
  const out = opts.out ?? dir;
  const count = opts.count ?? await shardCount(dir);
  const present: PresentShard[] = [];
  const missing: number[] = [];
  for (let index = 0; index < count; index++) {
    const id = { index, count };
    const summary = await readSweepSummary(shardFolder(dir, id)).catch(() => null);
    if (summary) present.push({ id, summary });
    else missing.push(index);
  }
  if (present.length === 0) {
    throw new UserError(
      `Cannot merge shards in "${dir}": none of the ${count} shards has a summary`,
    );
  }
  checkSameConfig(present);
  const incomplete = present.filter((s) => !s.summary.complete).map((s) => s.id.index);
  const windows = runWindows(present);
  await Deno.mkdir(out, { recursive: true });
  const spillDir = await Deno.makeTempDir({ dir: out, prefix: ".merge-samples-" });
  const accs = new Map<string, RunAccumulator>();
  let merged: { records: number; cut: number };
  let runs: RunSummary[];
  try {
    merged = await mergeRecords(present.map((s) => s.id), dir, out, windows, accs, spillDir);
    runs = windows.map((w) => runSummaryOf(w, accs.get(key(w.run)), count));
    for (const [k, acc] of accs) {
      if (!windows.some((w) => key(w.run) === k)) runs.push(acc.finish());
    }
  } finally {
    for (const acc of accs.values()) acc.close();
    await Deno.remove(spillDir, { recursive: true }).catch(() => {});
  }
  const { records, cut } = merged;
  const { skewMs, gaps } = timing(windows);
  const first = present[0].summary;
  const summary: SweepSummary = {
    format: 1,
    complete: missing.length === 0 && incomplete.length === 0 && runs.every((r) => r.complete),
    started_at: Math.min(...present.map((s) => s.summary.started_at)),
    ended_at: Math.max(...present.map((s) => s.summary.ended_at)),
    turnbench_version: first.turnbench_version,
    git_commit: first.git_commit,
    config: first.config,
    runs,
    shards: {
      count,
      index: null,
      present: present.map((s) => s.id.index),
      missing,
      incomplete,
      skew_ms: skewMs,
      not_overlapping: gaps,
    },
  };
  await writeSweepSummary(join(out, SUMMARY_FILE), summary);
  const notes = [
    ...missing.map((i) => `shard ${shardLabel({ index: i, count })} is missing: result is partial`),
    ...incomplete.map((i) =>
      `shard ${shardLabel({ index: i, count })} did not finish: result is partial`
    ),
    ...gaps.map((g) => `${g.run}: shard ${g.shard} did not overlap shards ${g.missed.join(", ")}`),
    ...(skewMs !== null ? [`start skew across shards: ${skewMs.toFixed(1)} ms`] : []),
    ...(cut > 0 ? [`${cut} cut-off last lines skipped`] : []),
    ...[endpointNote(present)].filter((n): n is string => n !== null),
  ];
  return { summary, records, notes };
}

/** The shard count named by the folders under `<dir>/shards/`. */
async function shardCount(dir: string): Promise<number> {
  const counts = new Set<number>();
  try {
    for await (const e of Deno.readDir(join(dir, SHARDS_DIR))) {
      const id = e.isDirectory ? parseShardLabel(e.name) : null;
      if (id) counts.add(id.count);
    }
  } catch { /* no shards folder: reported below */ }
  if (counts.size === 0) {
    throw new UserError(`Cannot merge shards in "${dir}": no "${SHARDS_DIR}/<i>-of-<n>" folder`);
  }
  if (counts.size > 1) {
    throw new UserError(
      `Cannot merge shards in "${dir}": folders of different shard counts (${
        [...counts].sort((a, b) => a - b).map((n) => `"of-${n}"`).join(", ")
      })`,
    );
  }
  return [...counts][0];
}

const key = (
  r: Pick<RunSummary, "round" | "concurrency" | "request_rate" | "users" | "trace_speed" | "trial">,
) => runKey(r.round, r.concurrency, r.request_rate, r);

/** Every run any shard summarized, in the order the shards ran them. */
function runWindows(present: readonly PresentShard[]): RunWindows[] {
  const byKey = new Map<string, RunWindows>();
  for (const s of present) {
    for (const run of s.summary.runs) {
      const k = key(run);
      if (!byKey.has(k)) byKey.set(k, { run, byShard: new Map() });
      byKey.get(k)!.byShard.set(s.id.index, run);
    }
  }
  return [...byKey.values()];
}

/** A run's merged summary: all shards' records over the span of their windows. */
function runSummaryOf(w: RunWindows, acc: RunAccumulator | undefined, count: number): RunSummary {
  const parts = [...w.byShard.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
  const summary = (acc ?? new RunAccumulator()).summary({
    round: w.run.round,
    concurrency: w.run.concurrency,
    request_rate: w.run.request_rate,
    started_at: Math.min(...parts.map((r) => r.started_at)),
    ended_at: Math.max(...parts.map((r) => r.ended_at)),
    complete: w.byShard.size === count && parts.every((r) => r.complete),
  });
  summary.metrics = parts[0].metrics;
  if (w.run.users != null) summary.users = w.run.users;
  if (w.run.trace_speed != null) summary.trace_speed = w.run.trace_speed; // issue 14
  return summary;
}

/** Streams every shard's records into one file and one accumulator per run (into `accs`). */
async function mergeRecords(
  ids: ShardId[],
  dir: string,
  out: string,
  windows: RunWindows[],
  accs: Map<string, RunAccumulator>,
  spillDir: string,
) {
  const order = new Map(windows.map((w, i) => [key(w.run), i]));
  const keys = windows.map((w) => key(w.run));
  const byRank: RunAccumulator[] = [];
  const cursors: RecordCursor[] = [];
  let records = 0;
  let cut = 0;
  const rank = (r: RecordHead) => {
    const k = runKey(r.round, r.concurrency ?? null, r.request_rate ?? null, r);
    let i = order.get(k);
    if (i === undefined) {
      order.set(k, i = order.size);
      keys.push(k);
    }
    return i;
  };
  try {
    for (const id of ids) {
      const path = join(shardFolder(dir, id), RECORDS_FILE);
      const exists = await Deno.stat(path).then(() => true, () => false);
      if (exists) cursors.push(await RecordCursor.open(path, rank));
    }
    const encoder = new TextEncoder();
    await Deno.mkdir(out, { recursive: true });
    await writeAtomically(join(out, RECORDS_FILE), async (file) => {
      let buffer: string[] = [];
      let size = 0;
      while (true) {
        let best: RecordCursor | null = null;
        let head: RecordLine | null = null;
        for (const c of cursors) {
          const h = c.head;
          if (h === null) continue;
          if (head === null || h.rank < head.rank || (h.rank === head.rank && h.end < head.end)) {
            best = c;
            head = h;
          }
        }
        if (best === null || head === null) break;
        let acc = byRank[head.rank];
        if (!acc) {
          acc = byRank[head.rank] = new RunAccumulator({ spillDir });
          accs.set(keys[head.rank], acc);
        }
        acc.add(head.value as unknown as RequestRecord);
        buffer.push(head.text);
        size += head.text.length;
        records++;
        if (size >= 1 << 20) {
          await writeAll(file, encoder.encode(buffer.join("\n") + "\n"));
          buffer = [];
          size = 0;
        }
        if (!best.advance()) await best.next();
      }
      if (buffer.length) await writeAll(file, encoder.encode(buffer.join("\n") + "\n"));
    });
  } finally {
    for (const c of cursors) {
      cut += c.cutLines;
      c.close();
    }
  }
  return { records, cut };
}
