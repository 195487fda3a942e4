/** @module Errors a user is meant to read: one line, no stack, a chosen exit code. */

/**
 * A condition caused by the user's input or environment (bad file, bad flag, port in use).
 * The CLI prints its message alone on one line and exits with `exitCode`.
 *
 * @example
 * ```ts
 * throw new UserError(`Cannot read dataset "x.jsonl": file not found`);
 * ```
 */
export class UserError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;

  constructor(message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, { cause: options?.cause });
    this.name = "UserError";
    this.exitCode = options?.exitCode ?? 1;
  }
}

/**
 * A problem at a place in an input file, reported as `file:line: message`
 * (or `file:line:col: message` when the column is known).
 */
export class InputError extends UserError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;

  constructor(
    file: string,
    line: number | undefined,
    message: string,
    options?: { cause?: unknown; column?: number; exitCode?: number },
  ) {
    const where = line === undefined
      ? file
      : options?.column === undefined
      ? `${file}:${line}`
      : `${file}:${line}:${options.column}`;
    super(`${where}: ${message}`, options);
    this.name = "InputError";
    this.file = file;
    this.line = line;
    this.column = options?.column;
  }
}
