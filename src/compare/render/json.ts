/** @module The compare report's machine-readable file (`compare.json`). */
import type { CompareModel } from "../model.ts";

/** The `kind` marker of compare.json. */
export const COMPARE_KIND = "turnbench-compare";

/**
 * Builds compare.json: the sweeps, the warnings, and per run group and sweep every figure's
 * values, change, interval, verdict and how the interval was drawn.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("compare.json", JSON.stringify(compareJson(model), null, 2));
 * ```
 */
export function compareJson(m: CompareModel): Record<string, unknown> {
  return {
    kind: COMPARE_KIND,
    format: 1,
    title: m.title,
    reference: m.reference.label,
    made: m.made,
    sweeps: m.sweeps.map((s) => ({
      label: s.label,
      dir: s.dir,
      complete: s.summary.complete,
      requests: s.paired.count,
      config: { ...s.summary.config },
    })),
    warnings: m.warnings,
    notes: m.notes,
    groups: m.groups.map((g) => ({
      round: g.id.round,
      concurrency: g.id.concurrency,
      request_rate: g.id.request_rate,
      label: g.label,
      against: g.against.map((a) => ({
        label: a.label,
        ...a.comparison,
        figures: a.figures.map((f) => ({
          id: f.id,
          name: f.figure.name,
          unit: f.figure.unit,
          better: f.figure.better,
          change_unit: f.figure.change === "points" ? "points" : "%",
          reference: f.a,
          value: f.b,
          change: f.change,
          low: f.low,
          high: f.high,
          verdict: f.verdict,
          method: f.method,
          note: f.note,
        })),
      })),
    })),
  };
}
