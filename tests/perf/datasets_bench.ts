/**
 * @module Perf: convert two generated ~700 MB ShareGPT arrays (the clean one and an escape-heavy
 * multilingual one) in a subprocess: throughput, peak RSS, and the ratio to stream-json read in a
 * subprocess right after, on the same file (the machine's load changes less in between).
 */
import type { PerfRow } from "./row.ts";
import { generateClean, generateEscapeHeavy } from "./sharegpt_files.ts";

const root = new URL("../../", import.meta.url).pathname;
const TARGET_BYTES = 700e6;

/** Runs a command, returning wall time and peak RSS (from /usr/bin/time, else /proc polling). */
async function measure(
  args: string[],
): Promise<{ seconds: number; peakMb: number; stderr: string }> {
  const timeBin = "/usr/bin/time";
  const useTime = await Deno.stat(timeBin).then(() => true, () => false);
  const cmd = useTime ? timeBin : Deno.execPath();
  const child = new Deno.Command(cmd, {
    args: useTime ? ["-v", Deno.execPath(), ...args] : args,
    cwd: root,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let peakKb = 0;
  const poll = useTime ? undefined : setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${child.pid}/status`));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch { /* exited */ }
  }, 20);
  const started = performance.now();
  const out = await child.output();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(poll);
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`command failed: ${stderr.slice(-2000)}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (m) peakKb = Number(m[1]);
  return { seconds, peakMb: peakKb / 1024, stderr };
}

/** One file's throughput rows: the converter and stream-json, measured back to back. */
async function throughputRows(kind: string, input: string, bytes: number, dir: string) {
  const mb = bytes / 1e6;
  const label = `(${Math.round(mb)} MB ${kind} array)`;
  const plain = await measure([
    "run",
    "-A",
    "src/cli/convert_sharegpt.ts",
    input,
    `${dir}/out.jsonl`,
  ]);
  const sj = await measure(["run", "-A", "tests/perf/stream_json_read.ts", input]).catch(() =>
    null
  );
  const rate = mb / plain.seconds, sjRate = sj ? mb / sj.seconds : NaN;
  const rows: PerfRow[] = [
    {
      figure: `convert-sharegpt throughput ${label}`,
      value: rate,
      unit: "MB/s",
      target: "≥ 200",
      pass: rate >= 200,
    },
    {
      figure: `convert-sharegpt peak RSS ${label}`,
      value: plain.peakMb,
      unit: "MB",
      target: "≤ 256",
      pass: plain.peakMb <= 256,
    },
    {
      figure: `stream-json streamArray, same file (not used)`,
      value: sjRate,
      unit: "MB/s",
      target: "",
    },
    {
      figure: `convert-sharegpt ÷ stream-json, back to back`,
      value: rate / sjRate,
      unit: "×",
      target: "≥ 3",
      pass: rate / sjRate >= 3,
    },
  ];
  await Deno.remove(`${dir}/out.jsonl`).catch(() => {});
  return rows;
}

export default async function (): Promise<PerfRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-perf-datasets-" });
  try {
    const rows: PerfRow[] = [];
    const multilingual = `${dir}/ShareGPT_multilingual.json`;
    const mlBytes = await generateEscapeHeavy(multilingual, TARGET_BYTES);
    rows.push(...await throughputRows("escape-heavy multilingual", multilingual, mlBytes, dir));
    await Deno.remove(multilingual);

    const input = `${dir}/ShareGPT_big.json`;
    const bytes = await generateClean(input, TARGET_BYTES);
    rows.push(...await throughputRows("clean", input, bytes, dir));
    const mb = bytes / 1e6;
    const convert = ["run", "-A", "src/cli/convert_sharegpt.ts", input];
    const shuffled = await measure([...convert, `${dir}/shuf.jsonl`, "--shuffle", "--seed", "1"]);
    const sampled = await measure([
      ...convert,
      `${dir}/sample.jsonl`,
      "--shuffle",
      "--seed",
      "1",
      "--max-sessions",
      "1000",
    ]);
    rows.push(
      {
        figure: "convert-sharegpt --shuffle (all, disk shuffle) throughput",
        value: mb / shuffled.seconds,
        unit: "MB/s",
        target: "",
      },
      {
        figure: "convert-sharegpt --shuffle (all, disk shuffle) peak RSS",
        value: shuffled.peakMb,
        unit: "MB",
        target: "≤ 256",
        pass: shuffled.peakMb <= 256,
      },
      {
        figure: "convert-sharegpt --shuffle --max-sessions 1000 peak RSS",
        value: sampled.peakMb,
        unit: "MB",
        target: "≤ 256",
        pass: sampled.peakMb <= 256,
      },
    );
    return rows;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
