/** @module Perf: convert a generated ~700 MB ShareGPT array in a subprocess; throughput and peak RSS. */
import type { PerfRow } from "./row.ts";

const root = new URL("../../", import.meta.url).pathname;
const TARGET_BYTES = 700e6;

const WORDS = ("the server cache prefix token latency model request batch attention memory " +
  'please explain why does this happen 请 解释 一下 这个 问题 为什么 会 这样 "quoted" ' +
  "line\nbreak tab\t code `x = 1` back\\slash path/to/file 🙂").split(" ");

/** Writes a ShareGPT-like array (indented like the real download) of about `bytes` bytes. */
async function generate(path: string, bytes: number): Promise<number> {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const text = (n: number) =>
    Array.from({ length: n }, () => WORDS[(rnd() * WORDS.length) | 0]).join(" ");
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let size = 0, count = 0, parts: string[] = ["[\n"], chars = 0;
  const flush = async () => {
    const b = encoder.encode(parts.join(""));
    for (let off = 0; off < b.length;) off += await file.write(b.subarray(off));
    size += b.length;
    parts = [];
    chars = 0;
  };
  while (size + chars < bytes) {
    const turns = Array.from({ length: 2 + ((rnd() * 10) | 0) }, (_, t) => ({
      from: t % 2 ? "gpt" : (rnd() < 0.1 ? "user" : "human"),
      value: text(t % 2 ? 50 + ((rnd() * 400) | 0) : 5 + ((rnd() * 60) | 0)),
    }));
    const item = JSON.stringify({ id: `perf${count}_0`, conversations: turns }, null, 2);
    const piece = (count ? ",\n" : "") + item.replace(/^/gm, "  ");
    parts.push(piece);
    chars += piece.length;
    count++;
    if (chars > 1 << 22) await flush();
  }
  parts.push("\n]\n");
  await flush();
  file.close();
  return size;
}

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

/** stream-json's streamArray over the same file, in this process (throughput only). */
async function streamJsonMbPerS(path: string, bytes: number): Promise<number> {
  const { streamArray } = await import("stream-json/streamers/stream-array.js");
  const { createReadStream } = await import("node:fs");
  const started = performance.now();
  let humans = 0;
  for await (const { value } of createReadStream(path).pipe(streamArray.withParserAsStream())) {
    for (const t of (value as { conversations: { from: string }[] }).conversations) {
      if (t.from === "human") humans++;
    }
  }
  if (humans === 0) throw new Error("stream-json read no human turns");
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}

export default async function (): Promise<PerfRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-perf-datasets-" });
  try {
    const input = `${dir}/ShareGPT_big.json`;
    const bytes = await generate(input, TARGET_BYTES);
    const mb = bytes / 1e6;
    const convert = ["run", "-A", "src/cli/convert_sharegpt.ts", input];
    const plain = await measure([...convert, `${dir}/out.jsonl`]);
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
    const label = `(${Math.round(mb)} MB array)`;
    const rows: PerfRow[] = [
      {
        figure: `convert-sharegpt throughput ${label}`,
        value: mb / plain.seconds,
        unit: "MB/s",
        target: "≥ 60",
        pass: mb / plain.seconds >= 60,
      },
      {
        figure: `convert-sharegpt peak RSS ${label}`,
        value: plain.peakMb,
        unit: "MB",
        target: "≤ 256",
        pass: plain.peakMb <= 256,
      },
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
    ];
    const sj = await streamJsonMbPerS(input, bytes).catch(() => NaN);
    rows.push({
      figure: "stream-json streamArray, same file (not used)",
      value: sj,
      unit: "MB/s",
      target: "",
    });
    return rows;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
