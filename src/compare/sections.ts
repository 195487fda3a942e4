/**
 * @module The compare report's sections in order, in the report's `Section` shape, so its Markdown
 * and HTML renderers lay them out; charts name their own section (charts/registry.ts).
 */
import { MIN_TRIALS_FOR_RUN_FIGURES } from "../stats/bootstrap.ts";
import type { Section } from "../report/render/sections.ts";
import type { CompareModel } from "./model.ts";
import {
  changesTable,
  hasFigures,
  provenanceTable,
  sweepsTable,
  verdictCounts,
  verdictTable,
} from "./tables.ts";

/** One sentence per compared sweep: how many figures got worse, better, or did not change. */
export function headline(m: CompareModel): string {
  const others = m.sweeps.filter((s) => s !== m.reference);
  return others.map((s) => {
    const c = verdictCounts(m, s.label);
    const worse = m.groups.flatMap((g) =>
      (g.against.find((a) => a.label === s.label)?.figures ?? [])
        .filter((f) => f.verdict === "worse").map((f) => `${f.figure.name} ${g.label}`)
    );
    return `${s.label} against ${m.reference.label}: ${c.worse} worse` +
      (worse.length ? ` (${worse.slice(0, 4).join(", ")}${worse.length > 4 ? ", …" : ""})` : "") +
      `, ${c.better} better, ${c.same} with no significant difference, ${c.unknown} without an interval.`;
  }).join(" ");
}

/** One sentence on what was compared. */
export function compareOverview(m: CompareModel): string {
  return `${m.sweeps.length} sweeps (${m.sweeps.map((s) => s.label).join(", ")}), ` +
    `${m.groups.length} run group(s) compared with ${m.reference.label}, paired by session and turn.`;
}

const METHOD_NOTE = (m: CompareModel) =>
  `Change = (B − A) / A in %, or B − A in points for % figures. Interval: ` +
  `${Math.round(m.made.confidence * 100)}% percentile bootstrap (${m.made.iterations} resamples, ` +
  `seed ${m.made.seed}) over whole sessions, drawn once for both sweeps (paired: a session's turns ` +
  `stay together), and over each sweep's trials when both ran repeat ≥ 2; run-level figures ` +
  `(throughput, goodput) need ${MIN_TRIALS_FOR_RUN_FIGURES} trials a side, a percentile 5 samples ` +
  `beyond it. Worse or better only when the whole interval lies past ±${m.made.min_effect_pct}; ` +
  "else no significant difference.";

/**
 * The sections of a compare report, in order.
 *
 * @example
 * ```ts
 * for (const s of compareSections(model)) console.log(s.title);
 * ```
 */
export function compareSections(m: CompareModel): Section[] {
  const verdicts = verdictTable(m);
  return [
    {
      id: "verdicts",
      title: `Verdicts against ${m.reference.label}`,
      lead: headline(m),
      tables: verdicts ? [verdicts] : [],
      note: METHOD_NOTE(m),
    },
    { id: "warnings", title: "Warnings", tables: [], items: m.warnings },
    { id: "changes", title: "Changes with their intervals", tables: [] },
    ...m.groups.filter(hasFigures).map((g): Section => ({
      id: `group-${g.key.replace(/[^A-Za-z0-9]+/g, "-")}`,
      title: `${g.label}: against ${m.reference.label}`,
      tables: g.against.map((a) => changesTable(m, a)),
    })),
    { id: "distributions", title: "TTFT distributions, overlaid", tables: [] },
    { id: "by-load", title: "Figures against load, overlaid", tables: [] },
    { id: "sweeps", title: "Sweeps compared", tables: [sweepsTable(m)] },
    { id: "notes", title: "Notes", tables: [], items: m.notes },
    { id: "provenance", title: "Provenance", tables: [provenanceTable(m)] },
  ];
}
