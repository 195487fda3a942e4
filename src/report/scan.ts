/** @module One streaming pass over records.jsonl, gathering what the report needs per run. */
import { RequestRecord } from "../results/record.ts";
import { InputError } from "../util/errors.ts";
import { readJsonLines } from "../io/jsonl.ts";
import { Reservoir, seededRandom } from "../io/random.ts";
import { RunAccumulator } from "../stats/run_summary.ts";
import { type RunId, runKey } from "./run_key.ts";

/** Points kept per round for the TTFT-against-context scatter plot. */
export const SCATTER_POINTS_PER_ROUND = 1000;

/** What the records of one run add up to. */
export interface RunSamples extends RunId {
  requests: number;
  /** Latency samples of ok requests (the accumulator's). */
  ttft: readonly number[];
  e2e: readonly number[];
  tpot: readonly number[];
  /** Inter-token gaps; only gathered for runs whose summary lacks them. */
  itl: readonly number[];
  contextSum: number;
  contextMax: number;
  droppedTurns: number;
  /** The run's summary as src/stats computes it (`acc.finish()` rebuilds the run). */
  acc: RunAccumulator;
}

/** Everything one pass over the records gathers. */
export interface RecordScan {
  runs: Map<string, RunSamples>;
  /** Per round: a bounded, evenly drawn sample of [context_tokens, ttft_ms] of ok requests. */
  scatter: Map<number, Array<[number, number]>>;
  records: number;
}

/** Options for {@link scanRecords}. */
export interface ScanOptions {
  /** Whether to keep ITL gaps for a run (they can be many); default: never. */
  wantItl?(key: string): boolean;
  /** Told about a cut-off last line (a killed sweep), which is skipped. */
  onCutLastLine?(line: number): void;
}

/**
 * Streams records.jsonl once and gathers per-run samples and sums.
 *
 * @throws {InputError} `file:line: …` on a line that is not a request record
 * @example
 * ```ts
 * const scan = await scanRecords("results/records.jsonl");
 * console.log(scan.runs.size);
 * ```
 */
export async function scanRecords(path: string, opts: ScanOptions = {}): Promise<RecordScan> {
  const runs = new Map<string, RunSamples>();
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
      run = emptyRun(r, opts.wantItl?.(key) ?? false);
      runs.set(key, run);
    }
    add(run, r);
    if (r.ok && r.ttft_ms !== null) {
      let res = reservoirs.get(r.round);
      if (!res) {
        res = new Reservoir(SCATTER_POINTS_PER_ROUND, seededRandom(r.round));
        reservoirs.set(r.round, res);
      }
      res.offer([r.context_tokens, r.ttft_ms]);
    }
  }
  const scatter = new Map([...reservoirs].map(([round, res]) => [round, [...res.items]]));
  return { runs, scatter, records };
}

function emptyRun(id: RunId, keepItl: boolean): RunSamples {
  const acc = new RunAccumulator({ keepItl });
  const { ttft, e2e, tpot, itl } = acc.samples;
  return {
    round: id.round,
    concurrency: id.concurrency,
    request_rate: id.request_rate,
    requests: 0,
    ttft,
    e2e,
    tpot,
    itl,
    contextSum: 0,
    contextMax: 0,
    droppedTurns: 0,
    acc,
  };
}

function add(run: RunSamples, r: RequestRecord): void {
  run.requests++;
  run.acc.add(r);
  run.contextSum += r.context_tokens;
  run.contextMax = Math.max(run.contextMax, r.context_tokens);
  run.droppedTurns += r.dropped_turns;
}
