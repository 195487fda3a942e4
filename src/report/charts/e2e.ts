/** @module Chart `chart-e2e`: end-to-end latency (E2E) p50/p90/p99 against load, per round. */
import type { ReportChart } from "./chart.ts";
import { latencyChart } from "./latency.ts";

const id = "chart-e2e";

/** E2E percentiles of each run (`summary.e2e_ms`, from summary.json or rebuilt), against load. */
export const e2eChart: ReportChart = {
  id,
  section: "latency",
  build: (m) => latencyChart(m, id, "E2E latency", (v) => v.summary.e2e_ms),
};
