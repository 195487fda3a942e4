/** @module Reads small JSON files (summary.json, scraped.json) with zod, naming the bad field. */
import type { z } from "zod";
import { ScrapedMetrics } from "../prom/scraped.ts";
import { InputError } from "../util/errors.ts";

/**
 * Reads a small JSON file and validates it with a zod schema, naming the first bad field.
 *
 * @param what what the file should be, for the message (e.g. "sweep summary")
 * @throws {InputError} `file: Cannot read <what>: …`
 * @example
 * ```ts
 * const summary = await parseJsonFile("runs/x/summary.json", SweepSummary, "sweep summary");
 * ```
 */
export async function parseJsonFile<S extends z.ZodType>(
  path: string,
  schema: S,
  what: string,
): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "file not found" : String(error);
    throw new InputError(path, undefined, `Cannot read ${what}: ${why}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(path, undefined, `Cannot parse ${what}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join(".") : "(top level)";
    throw new InputError(
      path,
      undefined,
      `Cannot read ${what}: field "${where}": ${issue.message}`,
    );
  }
  return parsed.data;
}

/**
 * Reads and validates a `scraped.json` (the scrape stage's `ScrapedMetrics`).
 *
 * @throws {InputError} when the file is missing, not JSON, or not a scraped-metrics file
 */
export function readScraped(path: string): Promise<ScrapedMetrics> {
  return parseJsonFile(path, ScrapedMetrics, "scraped metrics");
}
