/** @module Chart `chart-tpot`: time per output token (TPOT) p50/p90/p99 against load, per round. */
import type { ReportChart } from "./chart.ts";
import { latencyChart } from "./latency.ts";

const id = "chart-tpot";

/** TPOT percentiles of each run (`summary.tpot_ms`, from summary.json or rebuilt), against load. */
export const tpotChart: ReportChart = {
  id,
  section: "latency",
  build: (m) => latencyChart(m, id, "TPOT", (v) => v.summary.tpot_ms),
};
