/** @module Perf of the pipeline engine: a no-op rerun of pipelines/mixed.yaml, and verifying a large cache entry. */
import { join } from "node:path";
import { Cache } from "../../src/pipeline/cache.ts";
import { DigestMemo } from "../../src/pipeline/hash.ts";
import type { PerfRow } from "./row.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function runCli(args: string[]): Promise<{ code: number; ms: number; stderr: string }> {
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "src/cli/pipeline.ts", ...args],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    ms: performance.now() - t0,
    stderr: new TextDecoder().decode(out.stderr),
  };
}

async function noOpRerun(tmp: string): Promise<PerfRow[]> {
  const dirs = [
    "--cache-dir",
    join(tmp, "cache"),
    "--results-dir",
    join(tmp, "results"),
    "--runs-dir",
    join(tmp, "runs"),
  ];
  const fill = await runCli(["pipelines/mixed.yaml", ...dirs]);
  if (fill.code !== 0) {
    const why = fill.stderr.trim().split("\n").slice(-1)[0] ?? "";
    return [{
      figure: "pipeline no-op rerun of mixed.yaml: fill run failed",
      value: NaN,
      unit: "s",
      target: why.slice(0, 60),
      pass: false,
    }];
  }
  // Let the digest memo see files older than its 2 s racy window, as on a real second run.
  await new Promise((r) => setTimeout(r, 2100));
  await runCli(["pipelines/mixed.yaml", ...dirs]);
  const times: number[] = [];
  let allCached = true;
  for (let i = 0; i < 3; i++) {
    const r = await runCli(["pipelines/mixed.yaml", ...dirs]);
    times.push(r.ms);
    allCached &&= r.code === 0 && !/^▶ /m.test(r.stderr);
  }
  const median = times.sort((a, b) => a - b)[1] / 1000;
  return [
    {
      figure: "pipeline first run of mixed.yaml (fills cache)",
      value: fill.ms / 1000,
      unit: "s",
      target: "",
    },
    {
      figure: `pipeline no-op rerun of mixed.yaml${allCached ? "" : " (NOT all cached)"}`,
      value: median,
      unit: "s",
      target: "≤ 1",
      pass: allCached && median <= 1,
    },
  ];
}

async function verifyEntry(tmp: string): Promise<PerfRow[]> {
  const mb = 128;
  const staging = join(tmp, "big");
  await Deno.mkdir(staging);
  const chunk = new Uint8Array(1 << 20).map((_, i) => i % 251);
  using f = await Deno.open(join(staging, "data.bin"), { write: true, create: true });
  for (let i = 0; i < mb; i++) await f.write(chunk);
  const memoFile = join(tmp, "digests.json");
  const cache = new Cache(join(tmp, "c"), await DigestMemo.load(memoFile));
  await cache.commit(staging, "k", { task: "t", stage: "s", pipeline: "p", outputs: {} });
  const old = new Date(Date.now() - 10_000);
  await Deno.utime(join(tmp, "c/cache/k/data.bin"), old, old);
  let t0 = performance.now();
  const memo = await DigestMemo.load(memoFile);
  if ((await new Cache(join(tmp, "c"), memo).lookup("k")).status !== "hit") {
    throw new Error("entry not found");
  }
  const cold = performance.now() - t0;
  await memo.save();
  t0 = performance.now();
  const warm = await new Cache(join(tmp, "c"), await DigestMemo.load(memoFile)).lookup("k");
  const warmMs = performance.now() - t0;
  if (warm.status !== "hit") throw new Error("entry not found");
  return [
    {
      figure: `pipeline verify ${mb} MB cache entry, cold (sha256)`,
      value: cold,
      unit: "ms",
      target: "",
    },
    {
      figure: `pipeline verify ${mb} MB cache entry, memo warm`,
      value: warmMs,
      unit: "ms",
      target: "≤ 50",
      pass: warmMs <= 50,
    },
  ];
}

/** Runs the pipeline engine benchmarks. */
export default async function (): Promise<PerfRow[]> {
  const tmp = await Deno.makeTempDir({ prefix: "turnbench-pipeline-bench-" });
  try {
    return [...await noOpRerun(tmp), ...await verifyEntry(tmp)];
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}
