/** @module The one top-level catch every command goes through. */
import { UserError } from "../util/errors.ts";

/**
 * Runs a command's main function and returns its exit code: what it returns (0 when nothing),
 * a `UserError`'s code after printing its one-line message (`error: …`), or 1 after printing
 * the stack of any other error. Exit codes: 0 done, 1 a failed run, 2 a bad flag or config
 * (see `src/cli/flags.ts`), 3 a regression (report), 130 interrupted.
 *
 * @param main the command's body
 * @param printError where the error goes; default stderr
 * @example
 * ```ts
 * const code = await exitCodeOf(() => main(["--bad-flag"])); // 2
 * ```
 */
export async function exitCodeOf(
  main: () => Promise<number | void>,
  printError: (text: unknown) => void = console.error,
): Promise<number> {
  try {
    return (await main()) ?? 0;
  } catch (error) {
    if (error instanceof UserError) {
      printError(`error: ${error.message}`);
      return error.exitCode;
    }
    printError(error);
    return 1;
  }
}

/**
 * Runs a command's main function and exits with its code (see {@linkcode exitCodeOf}).
 *
 * @example
 * ```ts
 * if (import.meta.main) await runMain(() => convert(Deno.args));
 * ```
 */
export async function runMain(main: () => Promise<number | void>): Promise<never> {
  Deno.exit(await exitCodeOf(main));
}
