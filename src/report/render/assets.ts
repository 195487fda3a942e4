/** @module Reads the charting library's built file from the pinned npm package, to inline it. */
import { dirname, join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { UserError } from "../../util/errors.ts";

let cached: string | null = null;

/** Where chart.js's UMD build is, found through the pinned `chart.js` import of deno.json. */
export function chartJsPath(): string {
  let entry: string;
  try {
    entry = import.meta.resolve("chart.js");
  } catch {
    entry = "";
  }
  if (entry.startsWith("file:")) return join(dirname(fromFileUrl(entry)), "chart.umd.min.js");
  // Without a node_modules folder Deno resolves to npm: — fall back to the repo's node_modules.
  return fromFileUrl(
    new URL("../../../node_modules/chart.js/dist/chart.umd.min.js", import.meta.url),
  );
}

/**
 * Returns the source of chart.js's minified UMD build (which defines `window.Chart`), read once.
 *
 * @throws {UserError} when the package is not installed (run `deno install`)
 * @example
 * ```ts
 * const js = await chartJsSource(); // inline into <script>…</script>
 * ```
 */
export async function chartJsSource(): Promise<string> {
  if (cached !== null) return cached;
  const path = chartJsPath();
  try {
    cached = await Deno.readTextFile(path);
  } catch (error) {
    throw new UserError(
      `Cannot read the charting library "${path}": ${
        (error as Error).message
      } (run \`deno install\`)`,
      { cause: error },
    );
  }
  return cached;
}
