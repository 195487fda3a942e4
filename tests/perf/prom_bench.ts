/** @module Perf: exposition parsing and scraping throughput on a large vLLM-like /metrics page. */
import type { PerfRow } from "./row.ts";
import { parseExpositionText } from "../../src/prom/exposition.ts";
import { scrapeMetricsDetailed } from "../../src/prom/scrape.ts";

/** A page of `models × engines` vLLM label sets, each with counters, gauges and 3 histograms. */
function bigPage(models: number, engines: number): string {
  const les = [
    "0.001",
    "0.005",
    "0.01",
    "0.02",
    "0.04",
    "0.06",
    "0.08",
    "0.1",
    "0.25",
    "0.5",
    "0.75",
    "1.0",
    "2.5",
    "5.0",
    "7.5",
    "10.0",
    "20.0",
    "40.0",
    "80.0",
    "160.0",
    "640.0",
    "2560.0",
    "+Inf",
  ];
  const lines: string[] = [];
  const sets: string[] = [];
  for (let m = 0; m < models; m++) {
    for (let e = 0; e < engines; e++) {
      sets.push(`engine="${e}",model_name="org/model-${m}-Instruct"`);
    }
  }
  for (const name of ["vllm:prompt_tokens_total", "vllm:prefix_cache_hits_total"]) {
    lines.push(`# HELP ${name} Tokens.`, `# TYPE ${name} counter`);
    for (const l of sets) lines.push(`${name}{${l}} ${(Math.random() * 1e6).toFixed(1)}`);
  }
  for (
    const h of [
      "vllm:time_to_first_token_seconds",
      "vllm:inter_token_latency_seconds",
      "vllm:e2e_request_latency_seconds",
    ]
  ) {
    lines.push(`# HELP ${h} Latency.`, `# TYPE ${h} histogram`);
    for (const l of sets) {
      les.forEach((le, i) => lines.push(`${h}_bucket{${l},le="${le}"} ${i * 10}.0`));
      lines.push(`${h}_count{${l}} 220.0`, `${h}_sum{${l}} 123.456`);
    }
  }
  return lines.join("\n") + "\n";
}

export default async function (): Promise<PerfRow[]> {
  const page = bigPage(200, 8);
  const bytes = new TextEncoder().encode(page);
  const mb = bytes.length / 1e6;

  parseExpositionText(page.slice(0, 100_000).slice(0, page.slice(0, 100_000).lastIndexOf("\n")));
  let t0 = performance.now();
  const samples = parseExpositionText(page).length;
  const parseS = (performance.now() - t0) / 1000;

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response(bytes),
  );
  try {
    t0 = performance.now();
    const result = await scrapeMetricsDetailed(`http://127.0.0.1:${server.addr.port}/metrics`, [
      "vllm:time_to_first_token_seconds",
      "vllm:prefix_cache_hits_total",
    ], { timeoutMs: 60_000 });
    const scrapeS = (performance.now() - t0) / 1000;
    return [
      {
        figure: `prom: parse exposition (${mb.toFixed(1)} MB, ${samples} samples)`,
        value: mb / parseS,
        unit: "MB/s",
        target: "≥ 30",
        pass: mb / parseS >= 30,
      },
      {
        figure: "prom: parse exposition samples",
        value: samples / parseS,
        unit: "samples/s",
        target: "",
      },
      {
        figure: `prom: scrapeMetrics over HTTP (kept ${result.values.size})`,
        value: mb / scrapeS,
        unit: "MB/s",
        target: "≥ 20",
        pass: mb / scrapeS >= 20,
      },
    ];
  } finally {
    await server.shutdown();
  }
}
