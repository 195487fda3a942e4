/**
 * @module What a chart of compare.html is: a module `{ id, section, build(model) }` like the
 * report's chart modules (src/report/charts/chart.ts), building the same plain `ChartSpec` JSON
 * the report's page script draws; one colour per sweep, the reference first.
 */
import { type ChartSpec, SERIES_COLORS } from "../../report/charts/chart.ts";
import type { CompareModel } from "../model.ts";

export { type ChartSpec, round2 } from "../../report/charts/chart.ts";

/** The sections of compare.html that hold charts (ids of ../sections.ts). */
export type CompareSection = "changes" | "distributions" | "by-load";

/** One chart module of the compare page; a family's ids are `<id>-0`, `<id>-1`, …. */
export interface CompareChart {
  id: string;
  section: CompareSection;
  build(m: CompareModel): ChartSpec | ChartSpec[];
}

/** The colour of the i-th sweep (in the order given; the reference keeps its place). */
export function sweepColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length];
}

/** Dash pattern by round: round 1 solid, later rounds dashed. */
export function roundDash(round: number): number[] {
  return round === 1 ? [] : round === 2 ? [8, 4] : [3, 3];
}
