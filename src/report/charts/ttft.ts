/** @module Chart `chart-ttft`: time to first token (TTFT) p50/p90/p99 against load, per round. */
import type { ReportChart } from "./chart.ts";
import { latencyChart } from "./latency.ts";

const id = "chart-ttft";

/** TTFT percentiles of each run (`summary.ttft_ms`, from summary.json or rebuilt), against load. */
export const ttftChart: ReportChart = {
  id,
  section: "latency",
  build: (m) => latencyChart(m, id, "TTFT", (v) => v.summary.ttft_ms),
};
