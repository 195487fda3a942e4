/** @module Find the LongBench dataset files a conversion reads (`<input>/<dataset>.jsonl`). */
import { join } from "node:path";
import { UserError } from "../util/errors.ts";
import { fileStem } from "./unique_ids.ts";

/** One dataset file to convert. */
export interface LongBenchFile {
  /** Dataset name, used for the template and session ids (`narrativeqa`, `qasper_e`). */
  dataset: string;
  path: string;
  size: number;
}

function statOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.statSync(path);
  } catch {
    return null;
  }
}

/** Dataset names asked for: a list, comma-separated text, or none/`all` for every file. */
function datasetNames(dataset: string | string[] | undefined): string[] {
  const names = (Array.isArray(dataset) ? dataset : (dataset ?? "").split(","))
    .map((d) => d.trim())
    .filter(Boolean);
  return names.includes("all") ? [] : names;
}

/**
 * Resolves the dataset files: `input` itself when it is a file (its dataset is `dataset` if one is
 * named, else the file's stem), else `<input>/<dataset>.jsonl` (or `<input>/data/…`) for each
 * named dataset, or every `.jsonl` file in the folder when none is named.
 *
 * @param params `input` and `dataset` as in the stage params
 * @throws {UserError} when the input or a named dataset's file does not exist
 * @example
 * ```ts
 * longBenchFiles({ input: "LongBench/data", dataset: "narrativeqa,qasper_e" });
 * ```
 */
export function longBenchFiles(
  params: { input: string; dataset?: string | string[] },
): LongBenchFile[] {
  const info = statOrNull(params.input);
  if (!info) {
    throw new UserError(`Cannot read LongBench input "${params.input}": no such file or folder`);
  }
  const names = datasetNames(params.dataset);
  if (info.isFile) {
    return [{ dataset: names[0] ?? fileStem(params.input), path: params.input, size: info.size }];
  }
  const dirs = [params.input, join(params.input, "data")];
  const available = dirs.flatMap((dir) => {
    const found = statOrNull(dir)?.isDirectory
      ? [...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".jsonl")).map((e) => e.name)
      : [];
    return found.sort().map((name) => ({ dataset: name.slice(0, -".jsonl".length), dir }));
  });
  if (names.length === 0) {
    const here = available.filter((a) => a.dir === available[0]?.dir);
    if (here.length === 0) {
      throw new UserError(`Cannot find LongBench data in "${params.input}": no .jsonl files`);
    }
    return here.map(({ dataset, dir }) => {
      const path = join(dir, `${dataset}.jsonl`);
      return { dataset, path, size: Deno.statSync(path).size };
    });
  }
  return names.map((dataset) => {
    const hit = available.find((a) => a.dataset === dataset);
    if (!hit) {
      const list = available.map((a) => a.dataset).join(", ") || "none";
      throw new UserError(
        `Cannot find LongBench dataset "${dataset}": no "${dataset}.jsonl" in "${params.input}" (found: ${list})`,
      );
    }
    const path = join(hit.dir, `${dataset}.jsonl`);
    return { dataset, path, size: Deno.statSync(path).size };
  });
}
