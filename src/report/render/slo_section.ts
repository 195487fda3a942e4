/** @module The report's SLO section: the capacity headline (or the SLO), the per-run table, how it was judged. */
import { sloScope } from "../model/slo.ts";
import type { ReportModel } from "../model/model.ts";
import { sloTable } from "../tables/slo.ts";
import type { Section } from "./sections.ts";

/** The section id the SLO charts are drawn in. */
export const SLO_SECTION = "slo";

/**
 * The SLO section: empty (and so left out) for a sweep without an SLO.
 *
 * @example
 * ```ts
 * sloSection(model).lead; // "capacity: 5 concurrent conversations (95% CI 5–5) at p50 ITL ≤ 42.5 ms"
 * ```
 */
export function sloSection(m: ReportModel): Section {
  const table = sloTable(m);
  const steady = sloScope(m.capacity) === "steady";
  const slo = m.capacity?.slo;
  return {
    id: SLO_SECTION,
    title: m.capacity ? "Capacity under the SLO" : "SLO attainment and goodput",
    ...(m.capacity ? { lead: m.capacity.headline } : {}),
    tables: table ? [table] : [],
    note: (slo ? `SLO: ${slo}. ` : "") +
      "Attainment: requests meeting every target (failures count as missing it); goodput: their " +
      "requests/s and output tokens/s; session goodput: sessions all of whose turns met it. A " +
      "target column is the run's percentile against its limit. " +
      (steady
        ? "Each probe is judged over its steady window (warm-up and ramp-down left out); a probe " +
          "is good when it meets the SLO and is not saturated."
        : "Figures cover the whole run."),
  };
}
