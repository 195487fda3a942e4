/** @module Finds promtool for the metrics test, installing Debian's `prometheus` when root. */

let cached: Promise<{ ok: true; path: string } | { ok: false; reason: string }> | undefined;

async function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    const out = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
    return { code: r.code, out };
  } catch (error) {
    return { code: 127, out: String(error) };
  }
}

async function which(): Promise<string | undefined> {
  const r = await run("sh", ["-c", "command -v promtool"]);
  return r.code === 0 ? r.out.trim() : undefined;
}

/**
 * Returns promtool's path; when missing, installs it with apt-get (only as root, only when
 * apt-get exists), else says why it cannot.
 */
export function ensurePromtool(): Promise<
  { ok: true; path: string } | { ok: false; reason: string }
> {
  cached ??= (async () => {
    const found = await which();
    if (found) return { ok: true, path: found };
    if (Deno.uid?.() !== 0) {
      return { ok: false, reason: "promtool missing and not root to install it" };
    }
    if ((await run("sh", ["-c", "command -v apt-get"])).code !== 0) {
      return { ok: false, reason: "promtool missing and apt-get unavailable" };
    }
    console.error("installing promtool (apt-get install prometheus)…");
    const env = "DEBIAN_FRONTEND=noninteractive";
    const install = await run("sh", [
      "-c",
      `apt-get update -qq && ${env} apt-get install -y -qq --no-install-recommends prometheus`,
    ]);
    const path = await which();
    return path ? { ok: true, path } : {
      ok: false,
      reason: `apt-get install prometheus failed: ${install.out.trim().split("\n").at(-1)}`,
    };
  })();
  return cached;
}
