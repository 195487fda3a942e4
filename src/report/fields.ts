/** @module The report's per-run row schema: src/results/report_row.ts (kept so report imports stay). */
export { FIELD_NAMES, LATENCY_METRICS, LATENCY_STATS, ReportRow } from "../results/report_row.ts";
export type { FieldName, LatencyField } from "../results/report_row.ts";
