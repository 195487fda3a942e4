/**
 * @module The compare report's tables, as the report's `Table` data (rendered by its Markdown and
 * HTML renderers): the verdict overview, one table of changes per sweep and run group, the sweeps.
 */
import { fixed, isoTime, NA, redactUrl } from "../report/tables/format.ts";
import type { Cell, Table } from "../report/tables/table.ts";
import type { Verdict } from "../stats/bootstrap.ts";
import type { Against, CompareModel, FigureResult, GroupComparison } from "./model.ts";

/** A verdict as a table shows it. */
export const VERDICT_TEXT: Record<Verdict, string> = {
  worse: "worse",
  better: "better",
  same: "no significant difference",
  unknown: "no interval",
};

function value(v: number | null, unit: string): string {
  if (v === null) return NA;
  return unit === "%" ? `${fixed(v, 1)}%` : fixed(v, Math.abs(v) >= 100 ? 0 : 2);
}

/** A change as text: `+12.3%`, or `+4.0 pp` for % figures. */
export function changeText(f: Pick<FigureResult, "change" | "figure">): string {
  if (f.change === null) return NA;
  const sign = f.change > 0 ? "+" : "";
  return `${sign}${f.change.toFixed(1)}${f.figure.change === "points" ? " pp" : "%"}`;
}

/** An interval as text: `[+8.1, +15.9]%`. */
export function intervalText(f: Pick<FigureResult, "low" | "high" | "figure">): string {
  if (f.low === null || f.high === null) return NA;
  const s = (v: number) => `${v > 0 ? "+" : ""}${v.toFixed(1)}`;
  return `[${s(f.low)}, ${s(f.high)}]${f.figure.change === "points" ? " pp" : "%"}`;
}

function verdictCell(f: FigureResult): Cell {
  const text = VERDICT_TEXT[f.verdict];
  return f.verdict === "worse"
    ? { text: `✗ ${text}`, tone: "bad" }
    : f.verdict === "better"
    ? { text: `✓ ${text}`, tone: "good" }
    : text;
}

/** What an interval was drawn over, as text: `18 sessions × 3+3 trials`. */
export function methodText(a: Against, f?: FigureResult): string {
  if (f && f.method === "none") return f.note ?? NA;
  const c = a.comparison;
  if (f?.figure.stat.kind === "trial") return `${c.trials.a}+${c.trials.b} trials`;
  const sessions = c.paired
    ? `${c.sessions.paired} paired sessions`
    : `${c.sessions.onlyA}+${c.sessions.onlyB} unpaired sessions`;
  return c.method === "trials" ? `${sessions} × ${c.trials.a}+${c.trials.b} trials` : sessions;
}

/** The changes of one sweep against the reference in one run group. */
export function changesTable(m: CompareModel, a: Against): Table {
  return {
    headers: [
      "Figure",
      m.reference.label,
      a.label,
      "Change",
      `${Math.round(m.made.confidence * 100)}% interval`,
      "Verdict",
      "Interval over",
    ],
    left: [0, 5, 6],
    rows: a.figures.map((f) => [
      f.figure.name,
      value(f.a, f.figure.unit),
      value(f.b, f.figure.unit),
      changeText(f),
      intervalText(f),
      verdictCell(f),
      methodText(a, f),
    ]),
  };
}

/** The overview: one row per figure, one column per (sweep, run group), the change and verdict. */
export function verdictTable(m: CompareModel): Table | null {
  const columns = m.groups.flatMap((g) => g.against.map((a) => ({ g, a })));
  if (!columns.length) return null;
  const ids = [...new Set(columns.flatMap(({ a }) => a.figures.map((f) => f.id)))];
  return {
    headers: ["Figure", ...columns.map(({ g, a }) => `${a.label} ${g.label}`)],
    left: [0],
    rows: ids.map((id) => {
      const name = columns.flatMap(({ a }) => a.figures).find((f) => f.id === id)!.figure.name;
      return [
        name,
        ...columns.map(({ a }): Cell => {
          const f = a.figures.find((x) => x.id === id);
          if (!f) return NA;
          const mark = f.verdict === "worse" ? "✗ " : f.verdict === "better" ? "✓ " : "";
          const text = `${mark}${changeText(f)}${f.verdict === "unknown" ? " (no interval)" : ""}`;
          return f.verdict === "worse"
            ? { text, tone: "bad" }
            : f.verdict === "better"
            ? { text, tone: "good" }
            : text;
        }),
      ];
    }),
  };
}

/** Counts of verdicts of one sweep over every group: `2 worse, 1 better, 9 no significant…`. */
export function verdictCounts(m: CompareModel, label: string): Record<Verdict, number> {
  const out: Record<Verdict, number> = { worse: 0, better: 0, same: 0, unknown: 0 };
  for (const g of m.groups) {
    for (const f of g.against.find((a) => a.label === label)?.figures ?? []) out[f.verdict]++;
  }
  return out;
}

/** The sweeps compared. */
export function sweepsTable(m: CompareModel): Table {
  const sessions = (s: CompareModel["sweeps"][number]) =>
    new Set([...s.paired.groups.values()].flatMap((g) => g.requests.map((r) => r.session))).size;
  return {
    headers: [
      "Sweep",
      "Role",
      "Endpoint",
      "Model",
      "Sessions",
      "Trials",
      "Requests",
      "Started",
      "Folder",
    ],
    left: [0, 1, 2, 3, 8],
    rows: m.sweeps.map((s) => [
      s.label,
      s === m.reference ? "reference" : `against ${m.reference.label}`,
      redactUrl(s.summary.config.endpoint),
      s.summary.config.model,
      String(sessions(s)),
      String(s.summary.config.repeat ?? 1),
      String(s.paired.count),
      isoTime(s.summary.started_at),
      s.dir,
    ]),
  };
}

/** How the comparison was made. */
export function provenanceTable(m: CompareModel): Table {
  return {
    headers: ["Item", "Value"],
    left: [0, 1],
    rows: [
      ["Made by", m.made.pipeline ?? "command line (deno task compare)"],
      ["Reference", m.reference.label],
      ["Bootstrap resamples", String(m.made.iterations)],
      ["Confidence", `${Math.round(m.made.confidence * 1000) / 10}%`],
      ["Seed", String(m.made.seed)],
      ["Smallest change called a difference", `${m.made.min_effect_pct}% (points for % figures)`],
      ["turnbench version", m.made.version],
    ],
  };
}

/** Whether a group has any figure (for skipping empty sections). */
export function hasFigures(g: GroupComparison): boolean {
  return g.against.some((a) => a.figures.length > 0);
}
