/**
 * @module One streaming pass over records.jsonl: each run's records go into a `src/stats/`
 * accumulator (the one the sweep itself uses), which keeps only latency samples and sums, and a
 * bounded scatter sample is drawn per round. The records themselves are dropped as they are read.
 */
import { readJsonLines } from "../../io/jsonl.ts";
import { Reservoir, seededRandom } from "../../io/random.ts";
import { RequestRecord } from "../../results/record.ts";
import type { RunSummary } from "../../results/summary.ts";
import { RunAccumulator, type RunContext } from "../../stats/run_summary.ts";
import type { PairedSamples } from "../../stats/paired_samples.ts";
import type { PerTurn } from "../../results/truth.ts";
import { PerTurnAccumulator } from "../../stats/per_turn.ts";
import { type TokenSums, TokenTruthAccumulator } from "../../stats/token_truth.ts";
import { InputError } from "../../util/errors.ts";
import { type RunId, runIdOf, runKey } from "./run_key.ts";

/** Points kept per round for the TTFT-against-context scatter plot. */
export const SCATTER_POINTS_PER_ROUND = 1000;

/** What the records of one run add up to, beyond its summary. */
export interface RunRecords extends RunId {
  /** Records of the run, failed ones included. */
  requests: number;
  /** TTFT of the successful requests, in file order (for the TTFT CDF). */
  ttft: readonly number[];
  /** Context tokens (mean, max) and dropped turns over every record of the run. */
  context: RunContext;
  /**
   * The run summarized from its records by `src/stats/` over the records' own time span, marked
   * incomplete; only for runs the scan was asked to summarize, else null.
   */
  summary: RunSummary | null;
  /** TTFT and cached share by turn index (issue 12), as the sweep computes them. */
  perTurn: PerTurn;
  /** Token check and cache-truth sums (issue 12), as the sweep computes them. */
  tokens: TokenSums;
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
  /** Whether to summarize a run from its records (keeps its ITL gaps too); default: never. */
  summarize?(key: string): boolean;
  /** Told about a cut-off last line (a killed sweep), which is skipped. */
  onCutLastLine?(line: number): void;
  /** Also fed every record: per-session samples for paired comparisons (compare, the gate). */
  paired?: PairedSamples;
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
  const runs = new Map<
    string,
    {
      id: RunId;
      acc: RunAccumulator;
      summarize: boolean;
      turns: PerTurnAccumulator;
      tokens: TokenTruthAccumulator;
    }
  >();
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
      const summarize = opts.summarize?.(key) ?? false;
      run = {
        id: runIdOf(r),
        acc: new RunAccumulator({ keepItl: summarize }),
        summarize,
        turns: new PerTurnAccumulator(),
        tokens: new TokenTruthAccumulator(),
      };
      runs.set(key, run);
    }
    run.acc.add(r);
    run.turns.add(r);
    run.tokens.add(r);
    opts.paired?.add(r);
    if (r.ok && r.ttft_ms !== null) {
      let res = reservoirs.get(r.round);
      if (!res) {
        res = new Reservoir(SCATTER_POINTS_PER_ROUND, seededRandom(r.round));
        reservoirs.set(r.round, res);
      }
      res.offer([r.context_tokens, r.ttft_ms]);
    }
  }
  const out = new Map<string, RunRecords>();
  for (const [key, { id, acc, summarize, turns, tokens }] of runs) {
    out.set(key, {
      ...id,
      requests: acc.count,
      ttft: acc.samples.ttft,
      context: acc.context,
      summary: summarize ? acc.finish() : null,
      perTurn: turns.summary(),
      tokens: tokens.sums(),
    });
  }
  const scatter = new Map([...reservoirs].map(([round, res]) => [round, [...res.items]]));
  return { runs: out, scatter, records };
}
