/**
 * @module The report's only door to generic I/O: JSON Lines, small JSON files, seeded random and
 * reservoir sampling. Every other report module imports these from here, so moving them to
 * `src/io/` changes the lines of this file alone.
 */
// TODO(merge): src/io/jsonl.ts
export { type JsonLine, readJsonLines, type ReadJsonLinesOptions } from "./lines.ts";
// TODO(merge): src/io/random.ts
export { Reservoir, seededRandom } from "./random.ts";
// TODO(merge): src/io/json_file.ts
export { readJsonFile } from "../../util/json_file.ts";

/**
 * Whether a path exists.
 *
 * @example
 * ```ts
 * if (await exists("runs/x/records.jsonl")) console.log("has records");
 * ```
 */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
