/** @module `deno task compare`: writes the compare report's files and prints them and the verdicts. */
import { join } from "node:path";
import { headline } from "./sections.ts";
import { writeCompare } from "./write.ts";
import type { CompareOptions } from "./model.ts";

/** Options of `deno task compare`. */
export interface CompareCommandOptions extends CompareOptions {
  /** Output folder; default `results/compare`. */
  out?: string;
}

/**
 * Writes the comparison, prints the files written (stdout), the warnings and the verdict line
 * (stderr).
 *
 * @returns the exit code: 0
 * @throws {UserError} exit 2 on bad options (fewer than two sweeps, bad labels); 1 on an
 *   unreadable results folder
 * @example
 * ```ts
 * await compareCommand({ results: ["runs/a", "runs/b"], labels: ["a", "b"] });
 * ```
 */
export async function compareCommand(o: CompareCommandOptions): Promise<number> {
  const written = await writeCompare(o, o.out ?? join("results", "compare"));
  for (const path of Object.values(written.files)) console.log(path);
  for (const w of written.model.warnings) console.error(`warning: ${w}`);
  console.error(headline(written.model));
  return 0;
}
