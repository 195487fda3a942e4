/** @module The first issue of a zod error, in the words every error message of turnbench uses. */
import type { z } from "zod";

/** The first issue of a failed parse: where it is and what zod says. */
export interface FirstIssue {
  /** The issue's path (`["stages", "sweep", "rounds"]`); empty at the root. */
  path: readonly PropertyKey[];
  /** The path joined with dots (`config.model`); `""` at the root. */
  at: string;
  /** zod's message as it is (`Invalid input: expected string, received undefined`). */
  message: string;
  /** The message without zod's `Invalid input: ` lead, for `Cannot use … "x": <detail>`. */
  detail: string;
}

/**
 * Picks the first issue of a zod error: the one every one-line error message names.
 *
 * @param error the error of a failed `safeParse`
 * @returns its path and message
 * @example
 * ```ts
 * const result = Schema.safeParse(value);
 * if (!result.success) {
 *   const { at, message } = firstIssue(result.error);
 *   throw new UserError(`Cannot read config: ${at}: ${message}`);
 * }
 * ```
 */
export function firstIssue(error: z.ZodError): FirstIssue {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  const message = issue?.message ?? "invalid";
  return {
    path,
    at: path.map(String).join("."),
    message,
    detail: message.replace(/^Invalid input: /, ""),
  };
}

/**
 * The first issue as `path: message` (`(root)` when it has no path), for messages naming a field.
 *
 * @example
 * ```ts
 * describeIssue(error); // "latency.itl_ms: Too small: expected number to be >=0"
 * ```
 */
export function describeIssue(error: z.ZodError): string {
  const { at, message } = firstIssue(error);
  return `${at || "(root)"}: ${message}`;
}
