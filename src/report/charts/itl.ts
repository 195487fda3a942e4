/** @module Chart `chart-itl`: inter-token latency (ITL) p50/p90/p99 against load, per round. */
import type { ReportChart } from "./chart.ts";
import { latencyChart } from "./latency.ts";

const id = "chart-itl";

/** ITL percentiles of each run (`summary.itl_ms`, from summary.json or rebuilt), against load. */
export const itlChart: ReportChart = {
  id,
  section: "latency",
  build: (m) => latencyChart(m, id, "ITL", (v) => v.summary.itl_ms),
};
