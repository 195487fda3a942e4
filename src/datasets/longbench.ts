/** @module Convert LongBench `data/<dataset>.jsonl` files into sessions, one per shared document. */
import { createHash } from "node:crypto";
import { z } from "zod";
import { InputError } from "../util/errors.ts";
import { type LongBenchFile, longBenchFiles } from "./longbench_files.ts";
import {
  fillTemplate,
  followUpTemplate,
  loadTemplates,
  templateFor,
} from "./longbench_templates.ts";
import type { ReadProgress } from "./progress.ts";
import { readRecords } from "./records.ts";
import type { Session } from "./session.ts";
import type { SessionSink } from "./session_writer.ts";
import { writeSessionFile } from "./session_writer.ts";
import { isObject } from "./shapes.ts";
import { type ConversionCounts, emptyError, settleCounts, SkipLog, zeroCounts } from "./summary.ts";
import { UniqueIds } from "./unique_ids.ts";

/** Parameters of `convert-longbench` (the stage's `with:` block; the CLI maps its flags here). */
export const ConvertLongBenchParams = z.object({
  /** LongBench's `data/` folder, or one dataset file. */
  input: z.string().min(1),
  /** Dataset name(s) (`narrativeqa`, `qasper_e`, comma-separated or a list); all when absent or `all`. */
  dataset: z.union([z.string(), z.array(z.string())]).optional(),
  /** Use at most this many samples of each dataset (in file order). */
  num_samples: z.number().int().positive().optional(),
  /** At most this many questions per session; more on one document start another session. */
  max_turns: z.number().int().positive().optional(),
  /** JSON `{dataset: template}` or a plain-text template overriding LongBench's. */
  template_file: z.string().optional(),
  /** Count and pass over bad samples instead of failing. */
  skip_invalid: z.boolean().default(false),
});
/** Parameters of `convert-longbench`. */
export type ConvertLongBenchParams = z.infer<typeof ConvertLongBenchParams>;

/** Counts for one dataset. */
export interface LongBenchDatasetStats {
  dataset: string;
  file: string;
  template: string;
  samples: number;
  sessions: number;
  turns: number;
}

/** What a LongBench conversion did (written as stats.json by the stage). */
export interface LongBenchStats extends ConversionCounts {
  input: string;
  output: string;
  datasets: LongBenchDatasetStats[];
  samples_used: number;
  turns_written: number;
}

/** A sample as read: its fields as text, and the answers kept for `meta`. */
interface Sample {
  fields: Record<string, string>;
  id: string;
  answers: unknown;
}

/**
 * Converts LongBench samples into multi-turn sessions, one per shared context.
 *
 * @param params which datasets and how many samples (see {@linkcode ConvertLongBenchParams})
 * @param options the output file and progress callback
 * @returns counts per dataset
 * @throws {InputError} `file:line: …` on a bad sample unless `skip_invalid`
 * @throws {UserError} on a missing dataset or template, or when nothing is left to write
 * @example
 * ```ts
 * const params = ConvertLongBenchParams.parse({ input: "LongBench/data", dataset: "narrativeqa" });
 * await convertLongBench(params, { output: "data/nq.jsonl" });
 * ```
 */
export async function convertLongBench(
  params: ConvertLongBenchParams,
  options: { output: string; onProgress?(p: ReadProgress): void; signal?: AbortSignal },
): Promise<LongBenchStats> {
  const started = performance.now();
  const files = longBenchFiles(params);
  const overrides = params.template_file ? await loadTemplates(params.template_file) : {};
  const plans = files.map((file) => ({ file, template: templateFor(file.dataset, overrides) }));
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const skips = new SkipLog();
  const ids = new UniqueIds();
  const stats: LongBenchStats = {
    ...zeroCounts(),
    input: params.input,
    output: options.output,
    datasets: [],
    samples_used: 0,
    turns_written: 0,
  };
  let bytesRead = 0;
  await writeSessionFile(
    options.output,
    async (sink) => {
      for (const { file, template: [key, template] } of plans) {
        const entry: LongBenchDatasetStats = {
          dataset: file.dataset,
          file: file.path,
          template: key,
          samples: 0,
          sessions: 0,
          turns: 0,
        };
        stats.datasets.push(entry);
        const groups = await groupSamples(file, params, skips, options.signal, (n) => {
          bytesRead += n;
          options.onProgress?.({ file: file.path, bytesRead, totalBytes, sessions: sink.count });
        });
        for (const group of groups) {
          entry.samples += group.length;
          entry.turns += await writeGroup(sink, ids, file, template, group);
          entry.sessions++;
        }
        stats.samples_used += entry.samples;
        stats.turns_written += entry.turns;
      }
    },
    () =>
      emptyError(params.input, stats.samples_used, "sample", { "invalid, skipped": skips.count }),
  );
  settleCounts(stats, ids, skips, started);
  return stats;
}

/** Reads a dataset's samples and groups them by context, in order of first appearance. */
async function groupSamples(
  file: LongBenchFile,
  params: ConvertLongBenchParams,
  skips: SkipLog,
  signal: AbortSignal | undefined,
  onBytes: (n: number) => void,
): Promise<Sample[][]> {
  const groups: Sample[][] = [];
  const open = new Map<string, Sample[]>();
  let used = 0;
  const records = readRecords(file.path, {
    skipInvalid: params.skip_invalid,
    onSkip: (e) => skips.add(e),
    onBytes,
    signal,
  });
  for await (const rec of records) {
    if (params.num_samples !== undefined && used >= params.num_samples) break;
    const v = rec.value;
    const problem = !isObject(v)
      ? "expected a JSON object"
      : typeof v.context !== "string"
      ? `no "context" text`
      : v.input !== undefined && v.input !== null && typeof v.input !== "string"
      ? `"input" is not text`
      : undefined;
    if (problem !== undefined || !isObject(v)) {
      const bad = new InputError(file.path, rec.line, `not a LongBench sample: ${problem}`);
      if (!params.skip_invalid) throw bad;
      skips.add(bad);
      continue;
    }
    used++;
    const fields: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === "string" || typeof x === "number") fields[k] = String(x);
    }
    fields.input ??= "";
    const id = typeof v._id === "string" && v._id !== "" ? v._id : `line${rec.line}`;
    const sample: Sample = { fields, id, answers: v.answers };
    const key = createHash("sha1").update(fields.context).digest("hex");
    let group = open.get(key);
    if (!group || (params.max_turns !== undefined && group.length >= params.max_turns)) {
      group = [];
      groups.push(group);
      open.set(key, group);
    }
    // Later questions never repeat the document: keep only the first sample's copy in memory.
    if (group.length > 0) delete fields.context;
    group.push(sample);
  }
  return groups;
}

/** Writes one group as a session; returns its number of turns. */
async function writeGroup(
  sink: SessionSink,
  ids: UniqueIds,
  file: LongBenchFile,
  template: string,
  group: Sample[],
): Promise<number> {
  const [first, ...rest] = group;
  const messages = [fillTemplate(template, first.fields)];
  for (const sample of rest) {
    const hasInput = sample.fields.input.trim() !== "";
    const message = fillTemplate(followUpTemplate(template, hasInput), sample.fields);
    if (message.trim() !== "") messages.push(message);
  }
  const session: Session = {
    session_id: ids.take(`longbench-${file.dataset}-${first.id}`),
    user_messages: messages,
    source: file.path,
    meta: {
      dataset: file.dataset,
      language: first.fields.language,
      length: Number(first.fields.length) || undefined,
      sample_ids: group.map((s) => s.id),
      answers: group.map((s) => s.answers),
    },
  };
  await sink.write(session);
  return messages.length;
}
