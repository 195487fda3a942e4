/** @module One line of the `deno task perf` table. */

/** One measured figure with its target. */
export interface PerfRow {
  /** What was measured, e.g. "convert-sharegpt throughput (700 MB array)". */
  figure: string;
  value: number;
  unit: string;
  /** The target as text, e.g. "≥ 60"; "" when the figure is informational. */
  target: string;
  /** Whether the target was met; undefined when there is no target. */
  pass?: boolean;
}
