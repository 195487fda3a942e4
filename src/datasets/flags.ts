/** @module Flag value parsers shared by the dataset commands. */
import { InvalidArgumentError } from "commander";
import type { z } from "zod";
import { UserError } from "../util/errors.ts";

/**
 * Parses a whole-number flag value for commander (`--max-sessions 1000`).
 *
 * @throws {InvalidArgumentError} `not a whole number: "x"`
 */
export function intOption(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n)) {
    throw new InvalidArgumentError(`not a whole number: "${value}"`);
  }
  return n;
}

/**
 * Validates command-line values against a stage's params schema, turning a failure into a
 * one-line {@linkcode UserError} that names the flag (`max_sessions` → `--max-sessions`).
 *
 * @param schema the params schema
 * @param value the params built from flags
 * @throws {UserError} `Invalid option --max-sessions: Too small: expected number to be >0`
 */
export function parseFlags<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const flag = issue.path.length > 0 ? `--${String(issue.path[0]).replaceAll("_", "-")}` : "value";
  throw new UserError(`Invalid option ${flag}: ${issue.message}`);
}
