/**
 * @module One streaming pass over records.jsonl, gathering per run what the report needs beyond
 * summary.json (context sizes, TTFT samples for the CDF), a bounded scatter sample per round, and
 * for runs the summary lacks, their summary rebuilt through `src/stats/` (see run_stats.ts).
 * Only these are kept: the records themselves are dropped as they are read.
 */
import { RequestRecord } from "../../results/record.ts";
import type { RunSummary } from "../../results/summary.ts";
import { InputError } from "../../util/errors.ts";
import { readJsonLines, Reservoir } from "./io.ts";
import { type RunSummarizer, runSummarizer } from "./run_stats.ts";
import { type RunId, runKey } from "./run_key.ts";

/** Points kept per round for the TTFT-against-context scatter plot. */
export const SCATTER_POINTS_PER_ROUND = 1000;

/** What the records of one run add up to, beyond its summary. */
export interface RunRecords extends RunId {
  /** Records of the run, failed ones included. */
  requests: number;
  /** TTFT of the successful requests, in file order (for the TTFT CDF). */
  ttft: number[];
  contextSum: number;
  contextMax: number;
  droppedTurns: number;
  /** Earliest `started_at` and latest `started_at + e2e_ms` (epoch ms). */
  firstStart: number;
  lastEnd: number;
  /**
   * The run summarized from its records by `src/stats/`, over [firstStart, lastEnd] and marked
   * incomplete; only for runs the scan was asked to summarize, else null.
   */
  summary: RunSummary | null;
}

/** Everything one pass over the records gathers. */
export interface RecordScan {
  runs: Map<string, RunRecords>;
  /** Per round: a bounded, evenly drawn sample of [context_tokens, ttft_ms] of ok requests. */
  scatter: Map<number, Array<[number, number]>>;
  records: number;
}

/** Options for {@link scanRecords}. */
export interface ScanOptions {
  /** Whether to summarize a run from its records (keeps its latency samples); default: never. */
  summarize?(key: string): boolean;
  /** Told about a cut-off last line (a killed sweep), which is skipped. */
  onCutLastLine?(line: number): void;
}

/**
 * Streams records.jsonl once and gathers per-run figures, and the summaries of the runs asked for.
 *
 * @throws {InputError} `file:line: …` on a line that is not a request record
 * @example
 * ```ts
 * const scan = await scanRecords("results/records.jsonl", { summarize: (key) => true });
 * console.log(scan.runs.size);
 * ```
 */
export async function scanRecords(path: string, opts: ScanOptions = {}): Promise<RecordScan> {
  const runs = new Map<string, RunRecords>();
  const summarizers = new Map<string, RunSummarizer>();
  const reservoirs = new Map<number, Reservoir<[number, number]>>();
  let records = 0;
  for await (const { line, value } of readJsonLines(path, opts)) {
    const parsed = RequestRecord.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join(".") || "(line)";
      throw new InputError(
        path,
        line,
        `Cannot read request record: field "${field}": ${issue.message}`,
      );
    }
    const r = parsed.data;
    records++;
    const key = runKey(r);
    let run = runs.get(key);
    if (!run) {
      runs.set(key, run = emptyRun(r));
      if (opts.summarize?.(key)) summarizers.set(key, runSummarizer());
    }
    add(run, r);
    summarizers.get(key)?.add(r);
    if (r.ok && r.ttft_ms !== null) {
      let res = reservoirs.get(r.round);
      if (!res) reservoirs.set(r.round, res = new Reservoir(SCATTER_POINTS_PER_ROUND, r.round));
      res.offer([r.context_tokens, r.ttft_ms]);
    }
  }
  for (const [key, summarizer] of summarizers) {
    const run = runs.get(key)!;
    run.summary = summarizer.finish({
      round: run.round,
      concurrency: run.concurrency,
      request_rate: run.request_rate,
      started_at: run.firstStart,
      ended_at: run.lastEnd,
      complete: false,
    });
  }
  const scatter = new Map([...reservoirs].map(([round, res]) => [round, res.items]));
  return { runs, scatter, records };
}

function emptyRun(id: RunId): RunRecords {
  return {
    round: id.round,
    concurrency: id.concurrency,
    request_rate: id.request_rate,
    requests: 0,
    ttft: [],
    contextSum: 0,
    contextMax: 0,
    droppedTurns: 0,
    firstStart: Infinity,
    lastEnd: -Infinity,
    summary: null,
  };
}

function add(run: RunRecords, r: RequestRecord): void {
  run.requests++;
  if (r.ok && r.ttft_ms !== null) run.ttft.push(r.ttft_ms);
  run.contextSum += r.context_tokens;
  run.contextMax = Math.max(run.contextMax, r.context_tokens);
  run.droppedTurns += r.dropped_turns;
  run.firstStart = Math.min(run.firstStart, r.started_at);
  run.lastEnd = Math.max(run.lastEnd, r.started_at + (r.e2e_ms ?? r.ttft_ms ?? 0));
}
