/** @module Test helper: finds Debian's `prometheus` binary, installing the package when root. */
import { ensurePromtool } from "../mock/_promtool.ts";
import { findPrometheus } from "../../src/prom/server.ts";

/**
 * Returns the prometheus binary's path; when missing, installs Debian's `prometheus` package
 * (through `ensurePromtool`: only as root with apt-get), else says why the test must be ignored.
 */
export async function ensurePrometheus(): Promise<
  { ok: true; path: string } | { ok: false; reason: string }
> {
  const found = await findPrometheus();
  if (found) return { ok: true, path: found };
  const installed = await ensurePromtool();
  const path = await findPrometheus();
  if (path) return { ok: true, path };
  return {
    ok: false,
    reason: installed.ok
      ? "promtool found but no prometheus binary"
      : installed.reason.replace("promtool", "prometheus"),
  };
}
