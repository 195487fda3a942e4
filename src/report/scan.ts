/** @module One streaming pass over records.jsonl, gathering what the report needs per run. */
import { RequestRecord } from "../results/record.ts";
import { InputError } from "../util/errors.ts";
import { readJsonLines } from "./lines.ts";
import { seededRandom } from "./random.ts";
import { type RunId, runKey } from "./run_key.ts";

/** Points kept per round for the TTFT-against-context scatter plot. */
export const SCATTER_POINTS_PER_ROUND = 1000;

/** What the records of one run add up to. */
export interface RunSamples extends RunId {
  requests: number;
  ok: number;
  /** Failed requests by error kind (`other` when the record names none). */
  errors: Record<string, number>;
  ttft: number[];
  e2e: number[];
  tpot: number[];
  /** Inter-token gaps; only gathered for runs whose summary lacks them. */
  itl: number[];
  prompt: number;
  output: number;
  /** Sum of cached_tokens and of prompt tokens over requests that reported cached_tokens. */
  cached: number;
  cachedPrompt: number;
  cachedReported: number;
  contextSum: number;
  contextMax: number;
  truncated: number;
  droppedTurns: number;
  outputSources: Set<string>;
  firstStart: number;
  lastEnd: number;
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
  const reservoirs = new Map<number, Reservoir>();
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
      run = emptyRun(r);
      runs.set(key, run);
    }
    add(run, r, opts.wantItl?.(key) ?? false);
    if (r.ok && r.ttft_ms !== null) {
      let res = reservoirs.get(r.round);
      if (!res) reservoirs.set(r.round, res = new Reservoir(SCATTER_POINTS_PER_ROUND, r.round));
      res.offer([r.context_tokens, r.ttft_ms]);
    }
  }
  const scatter = new Map([...reservoirs].map(([round, res]) => [round, res.items]));
  return { runs, scatter, records };
}

function emptyRun(id: RunId): RunSamples {
  return {
    round: id.round,
    concurrency: id.concurrency,
    request_rate: id.request_rate,
    requests: 0,
    ok: 0,
    errors: {},
    ttft: [],
    e2e: [],
    tpot: [],
    itl: [],
    prompt: 0,
    output: 0,
    cached: 0,
    cachedPrompt: 0,
    cachedReported: 0,
    contextSum: 0,
    contextMax: 0,
    truncated: 0,
    droppedTurns: 0,
    outputSources: new Set(),
    firstStart: Infinity,
    lastEnd: -Infinity,
  };
}

function add(run: RunSamples, r: RequestRecord, keepItl: boolean): void {
  run.requests++;
  if (r.ok) run.ok++;
  else {
    const kind = r.error_kind ?? "other";
    run.errors[kind] = (run.errors[kind] ?? 0) + 1;
  }
  if (r.ttft_ms !== null && r.ok) run.ttft.push(r.ttft_ms);
  if (r.e2e_ms !== null && r.ok) run.e2e.push(r.e2e_ms);
  if (r.tpot_ms !== null && r.ok) run.tpot.push(r.tpot_ms);
  if (keepItl && r.ok) { for (const gap of r.itl_ms) run.itl.push(gap); }
  run.prompt += r.prompt_tokens;
  run.output += r.output_tokens;
  if (r.cached_tokens !== null) {
    run.cached += r.cached_tokens;
    run.cachedPrompt += r.prompt_tokens;
    run.cachedReported++;
  }
  run.contextSum += r.context_tokens;
  run.contextMax = Math.max(run.contextMax, r.context_tokens);
  if (r.history_truncated || r.message_truncated) run.truncated++;
  run.droppedTurns += r.dropped_turns;
  if (r.ok) run.outputSources.add(r.output_tokens_source);
  run.firstStart = Math.min(run.firstStart, r.started_at);
  run.lastEnd = Math.max(run.lastEnd, r.started_at + (r.e2e_ms ?? r.ttft_ms ?? 0));
}

/** Reservoir sampling (algorithm R) with a seeded generator, so reports are reproducible. */
class Reservoir {
  readonly items: Array<[number, number]> = [];
  #seen = 0;
  #random: () => number;

  constructor(readonly size: number, seed: number) {
    this.#random = seededRandom(seed);
  }

  offer(item: [number, number]): void {
    this.#seen++;
    if (this.items.length < this.size) this.items.push(item);
    else {
      const j = Math.floor(this.#random() * this.#seen);
      if (j < this.size) this.items[j] = item;
    }
  }
}
