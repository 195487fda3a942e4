/** @module Perf: the report of a large sweep (records.jsonl streamed, not read whole). */
import { fileURLToPath } from "node:url";
import { writeReport } from "../../src/report/write.ts";
import type { PerfRow } from "./row.ts";

const FIXTURE = fileURLToPath(new URL("../testdata/report/results/", import.meta.url));
const RECORDS = 200_000;

/** Writes a results folder with `RECORDS` records cloned from the fixture sweep. */
async function makeBigSweep(dir: string): Promise<number> {
  const lines = (await Deno.readTextFile(`${FIXTURE}records.jsonl`)).trimEnd().split("\n");
  await Deno.copyFile(`${FIXTURE}summary.json`, `${dir}/summary.json`);
  const file = await Deno.open(`${dir}/records.jsonl`, { write: true, create: true });
  const writer = file.writable.getWriter();
  const enc = new TextEncoder();
  let bytes = 0;
  let chunk = "";
  for (let i = 0; i < RECORDS; i++) {
    const r = JSON.parse(lines[i % lines.length]);
    r.session_id = `${r.session_id}-${i}`;
    if (r.ttft_ms !== null) r.ttft_ms += (i % 97) / 10;
    chunk += JSON.stringify(r) + "\n";
    if (chunk.length > 1 << 20) {
      bytes += chunk.length;
      await writer.write(enc.encode(chunk));
      chunk = "";
    }
  }
  bytes += chunk.length;
  await writer.write(enc.encode(chunk));
  await writer.close();
  return bytes;
}

/** Measures report throughput and memory on a 200,000-record sweep. */
export default async function (): Promise<PerfRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "turnbench-report-perf-" });
  try {
    const bytes = await makeBigSweep(dir);
    const rssBefore = Deno.memoryUsage().rss;
    const t0 = performance.now();
    const { model } = await writeReport({ results: dir }, `${dir}/report`);
    if (model.sweep.scan?.records !== RECORDS) {
      throw new Error(`read ${model.sweep.scan?.records} records, wrote ${RECORDS}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const rssGrowth = (Deno.memoryUsage().rss - rssBefore) / 2 ** 20;
    const html = (await Deno.stat(`${dir}/report/report.html`)).size / 2 ** 10;
    return [
      {
        figure: `report of ${RECORDS} records (${(bytes / 2 ** 20).toFixed(0)} MB)`,
        value: seconds,
        unit: "s",
        target: "≤ 10",
        pass: seconds <= 10,
      },
      {
        figure: "report records throughput",
        value: RECORDS / seconds,
        unit: "records/s",
        target: "≥ 50000",
        pass: RECORDS / seconds >= 50_000,
      },
      {
        figure: "report RSS growth",
        value: rssGrowth,
        unit: "MiB",
        target: "≤ 400",
        pass: rssGrowth <= 400,
      },
      {
        figure: "report.html size (bounded scatter)",
        value: html,
        unit: "KiB",
        target: "≤ 1024",
        pass: html <= 1024,
      },
    ];
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
