/** @module The one top-level catch every command goes through. */
import { UserError } from "../util/errors.ts";

/**
 * Runs a command's main function: a `UserError` prints its one-line message and exits with its
 * code; any other error shows its stack and exits 1.
 *
 * @example
 * ```ts
 * if (import.meta.main) await runMain(() => convert(Deno.args));
 * ```
 */
export async function runMain(main: () => Promise<number | void>): Promise<never> {
  try {
    const code = await main();
    Deno.exit(code ?? 0);
  } catch (error) {
    if (error instanceof UserError) {
      console.error(`error: ${error.message}`);
      Deno.exit(error.exitCode);
    }
    console.error(error);
    Deno.exit(1);
  }
}
