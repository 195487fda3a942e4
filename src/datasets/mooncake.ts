/**
 * @module Convert a Mooncake-format trace (JSONL of `timestamp`, `input_length`, `output_length`,
 * `hash_ids`) into sessions whose prompts reproduce the trace's block reuse.
 *
 * Each request becomes a one-turn session. Its prompt is its blocks' texts back to back
 * (`trace_blocks.ts`): the same hash id gives the same text, exactly `block_size` tokens with
 * the tokenizer, the last block `input_length − (n − 1) · block_size`. The turn keeps the trace's
 * `timestamp` (as `timestamp_ms`) and `output_length` (as `output_tokens`) for the runner's
 * replay mode; `meta` keeps the hash ids and the block size. Requests are not chained into
 * multi-turn sessions: a later turn's prompt would carry the server's own answers, and the
 * trace's reuse would no longer be the text's.
 */
import { InputError, UserError } from "../util/errors.ts";
import { readRecords } from "./records.ts";
import type { Session } from "./session.ts";
import { writeSessionFile } from "./session_writer.ts";
import { isObject, typeName } from "./shapes.ts";
import { SkipLog } from "./summary.ts";
import { BlockTexts } from "./trace_blocks.ts";
import { tokenizerNamed } from "./tokenizer.ts";
import { fileStem } from "./unique_ids.ts";
import type { ConvertMooncakeParams } from "./mooncake_params.ts";

export { ConvertMooncakeParams } from "./mooncake_params.ts";

/** One request of the trace. */
export interface TraceRequest {
  timestamp: number;
  input_length: number;
  output_length: number;
  hash_ids: number[];
}

/**
 * Checks one trace record.
 *
 * @param value the parsed line
 * @param blockSize tokens per block
 * @returns the request, or a one-line description of what is wrong with it
 */
export function traceRequest(value: unknown, blockSize: number): TraceRequest | string {
  if (!isObject(value)) return `expected a JSON object, found ${typeName(value)}`;
  for (const key of ["timestamp", "input_length", "output_length"] as const) {
    const v = value[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      return v === undefined ? `no "${key}"` : `"${key}" is ${JSON.stringify(v)}, not a number ≥ 0`;
    }
  }
  const ids = value.hash_ids;
  if (!Array.isArray(ids) || ids.length === 0) return `"hash_ids" is not a non-empty array`;
  const bad = ids.findIndex((h) => !Number.isSafeInteger(h) || h < 0);
  if (bad >= 0) return `"hash_ids"[${bad}] is ${JSON.stringify(ids[bad])}, not an integer ≥ 0`;
  const input = value.input_length as number, output = value.output_length as number;
  if (!Number.isInteger(input) || input < 1) {
    return `"input_length" is ${input}, not an integer ≥ 1`;
  }
  if (!Number.isInteger(output) || output < 1) {
    return `"output_length" is ${output}, not an integer ≥ 1`;
  }
  const n = ids.length;
  if (input <= (n - 1) * blockSize || input > n * blockSize) {
    return `"input_length" ${input} does not fill ${n} block${
      n === 1 ? "" : "s"
    } of ${blockSize} tokens ` +
      `(${(n - 1) * blockSize + 1}–${n * blockSize}); is the block size right?`;
  }
  return {
    timestamp: value.timestamp as number,
    input_length: input,
    output_length: output,
    hash_ids: ids,
  };
}

/**
 * The session one request becomes.
 *
 * @param id the session id
 * @param request the checked request
 * @param blocks makes the block texts
 * @param source names the trace
 */
export function traceSession(
  id: string,
  request: TraceRequest,
  blocks: BlockTexts,
  source: string,
): Session {
  return {
    session_id: id,
    user_messages: [blocks.prompt(request.hash_ids, request.input_length)],
    source,
    turns: [{
      user_tokens: request.input_length,
      output_tokens: request.output_length,
      timestamp_ms: request.timestamp,
    }],
    meta: { tokenizer: "gpt", block_size: blocks.blockSize, hash_ids: request.hash_ids },
  };
}

/** What a conversion did (stats.json of the stage). */
export interface MooncakeStats {
  input: string;
  output: string;
  sessions_written: number;
  input_tokens: number;
  output_tokens: number;
  /** Distinct hash ids, and block references in all (their ratio is the trace's reuse). */
  distinct_blocks: number;
  block_references: number;
  /** Requests whose timestamp is earlier than the one before. */
  out_of_order: number;
  /** First and last timestamp, ms. */
  span_ms: [number, number] | null;
  invalid_skipped: number;
  invalid_examples: string[];
  stopped_early: boolean;
  seconds: number;
}

/**
 * Converts a Mooncake trace into a sessions file (atomically).
 *
 * @param params the trace and block size (see {@linkcode ConvertMooncakeParams})
 * @param options the sessions file to write
 * @throws {InputError} `trace.jsonl:7: "hash_ids" is not a non-empty array` unless `skip_invalid`
 * @throws {UserError} when no request is left to write
 * @example
 * ```ts
 * await convertMooncake(ConvertMooncakeParams.parse({ input: "trace.jsonl" }), { output: "s.jsonl" });
 * ```
 */
export async function convertMooncake(
  params: ConvertMooncakeParams,
  options: { output: string; signal?: AbortSignal },
): Promise<MooncakeStats> {
  const started = performance.now();
  const blocks = new BlockTexts(tokenizerNamed(params.tokenizer), params.block_size, params.seed);
  const skips = new SkipLog();
  const distinct = new Set<number>();
  const stats: MooncakeStats = {
    input: params.input,
    output: options.output,
    sessions_written: 0,
    input_tokens: 0,
    output_tokens: 0,
    distinct_blocks: 0,
    block_references: 0,
    out_of_order: 0,
    span_ms: null,
    invalid_skipped: 0,
    invalid_examples: [],
    stopped_early: false,
    seconds: 0,
  };
  const stem = fileStem(params.input);
  await writeSessionFile(options.output, async (sink) => {
    const records = readRecords(params.input, {
      skipInvalid: params.skip_invalid,
      onSkip: (e) => skips.add(e),
      signal: options.signal,
    });
    let last = -Infinity;
    for await (const rec of records) {
      if (params.max_requests !== undefined && stats.sessions_written >= params.max_requests) {
        stats.stopped_early = true;
        break;
      }
      const request = traceRequest(rec.value, params.block_size);
      if (typeof request === "string") {
        const bad = new InputError(params.input, rec.line, request);
        if (!params.skip_invalid) throw bad;
        skips.add(bad);
        continue;
      }
      if (request.timestamp < last) stats.out_of_order++;
      last = request.timestamp;
      stats.span_ms = [stats.span_ms?.[0] ?? request.timestamp, request.timestamp];
      for (const h of request.hash_ids) distinct.add(h);
      stats.block_references += request.hash_ids.length;
      stats.input_tokens += request.input_length;
      stats.output_tokens += request.output_length;
      await sink.write(traceSession(`${stem}-${rec.line}`, request, blocks, params.input));
      stats.sessions_written++;
    }
  }, () => new UserError(`No sessions to write: no usable request in "${params.input}"`));
  stats.distinct_blocks = distinct.size;
  stats.invalid_skipped = skips.count;
  stats.invalid_examples = skips.examples;
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}
