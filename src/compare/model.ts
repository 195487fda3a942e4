/**
 * @module Everything a compare report shows, computed once: the sweeps, and for every run group
 * (round × load) present in the reference and another sweep, each figure's change with its
 * bootstrap interval and verdict (src/stats/bootstrap.ts), plus what differs between the sweeps.
 */
import { basename } from "node:path";
import {
  comparePaired,
  type FigureChange,
  type PairedComparison,
  seedOf,
  type Verdict,
  verdictOf,
} from "../stats/bootstrap.ts";
import type { RunGroupId } from "../stats/paired_samples.ts";
import { UserError } from "../util/errors.ts";
import { VERSION } from "../version.ts";
import { compareRuns, runLabel } from "../report/load/run_key.ts";
import { type CompareFigure, FIGURES } from "./figures.ts";
import { type ComparedSweep, loadCompared } from "./load.ts";
import { differenceWarning, settingDifferences } from "./settings.ts";

/** What to compare; the plain-typed options behind the command and the stage. */
export interface CompareOptions {
  /** Two or more sweep results folders. */
  results: readonly string[];
  /** One label per folder (default: each folder's name). */
  labels?: readonly string[];
  /** The label of the sweep the others are compared with (default: the first). */
  reference?: string;
  /** Bootstrap resamples (default 2000), confidence (0.95), seed (1). */
  iterations?: number;
  confidence?: number;
  seed?: number;
  /** A change inside ±this (%, or points for % figures) is no difference (default 0). */
  minEffectPct?: number;
  title?: string;
  /** Where the comparison was made, for provenance. */
  pipeline?: string;
}

/** One figure's result against the reference. */
export interface FigureResult extends FigureChange {
  figure: CompareFigure;
  verdict: Verdict;
}

/** One sweep against the reference in one run group. */
export interface Against {
  label: string;
  comparison: Omit<PairedComparison, "figures">;
  figures: FigureResult[];
}

/** One run group (round × load) of the comparison. */
export interface GroupComparison {
  id: RunGroupId;
  key: string;
  /** `R1 c=4`. */
  label: string;
  against: Against[];
}

/** The computed comparison. */
export interface CompareModel {
  title: string;
  sweeps: ComparedSweep[];
  reference: ComparedSweep;
  groups: GroupComparison[];
  /** Differences in settings, unpaired sessions, interrupted sweeps. */
  warnings: string[];
  notes: string[];
  made: {
    pipeline: string | null;
    version: string;
    iterations: number;
    confidence: number;
    seed: number;
    min_effect_pct: number;
  };
}

/** The default labels of result folders: their names, numbered when two are the same. */
export function defaultLabels(dirs: readonly string[]): string[] {
  const names = dirs.map((d) => basename(d.replace(/\/+$/, "")) || d);
  return names.map((n, i) => (names.indexOf(n) !== names.lastIndexOf(n) ? `${n}#${i + 1}` : n));
}

function checkOptions(o: CompareOptions): string[] {
  if (o.results.length < 2) {
    throw new UserError(`Cannot compare ${o.results.length} sweep(s): give two or more`, {
      exitCode: 2,
    });
  }
  const labels = o.labels ? [...o.labels] : defaultLabels(o.results);
  if (labels.length !== o.results.length) {
    throw new UserError(
      `Cannot use ${labels.length} label(s) for ${o.results.length} sweeps: give one per sweep`,
      { exitCode: 2 },
    );
  }
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup !== undefined) {
    throw new UserError(`Cannot use label "${dup}" twice: labels name the sweeps apart`, {
      exitCode: 2,
    });
  }
  if (o.reference !== undefined && !labels.includes(o.reference)) {
    throw new UserError(
      `Cannot use reference "${o.reference}": no sweep has that label (${labels.join(", ")})`,
      { exitCode: 2 },
    );
  }
  return labels;
}

/**
 * Loads the sweeps and computes the comparison.
 *
 * @throws {UserError} exit code 2 on fewer than two sweeps or bad labels; 1 on an unreadable folder
 * @example
 * ```ts
 * const m = await buildCompareModel({ results: ["runs/a", "runs/b"], labels: ["a", "b"] });
 * m.groups[0].against[0].figures[0].verdict; // "worse"
 * ```
 */
export async function buildCompareModel(o: CompareOptions): Promise<CompareModel> {
  const labels = checkOptions(o);
  const sweeps: ComparedSweep[] = [];
  for (const [i, dir] of o.results.entries()) sweeps.push(await loadCompared(dir, labels[i]));
  const reference = sweeps.find((s) => s.label === o.reference) ?? sweeps[0];
  const others = sweeps.filter((s) => s !== reference);
  const made = {
    pipeline: o.pipeline ?? null,
    version: VERSION,
    iterations: o.iterations ?? 2000,
    confidence: o.confidence ?? 0.95,
    seed: o.seed ?? 1,
    min_effect_pct: o.minEffectPct ?? 0,
  };
  const warnings: string[] = [];
  const notes = sweeps.flatMap((s) => s.notes);
  for (const s of sweeps) {
    if (!s.summary.complete) warnings.push(`${s.label} is a partial sweep (it was interrupted)`);
  }
  for (const s of others) {
    const w = differenceWarning(
      s.label,
      reference.label,
      settingDifferences(reference.summary.config, s.summary.config),
    );
    if (w) warnings.push(w);
  }
  const groups: GroupComparison[] = [];
  const unpaired = new Set<string>();
  for (const [key, group] of reference.paired.groups) {
    const against: Against[] = [];
    for (const s of others) {
      const theirs = s.paired.groups.get(key);
      if (!theirs) {
        notes.push(`${runLabel(group.id)}: not in ${s.label}; left out`);
        continue;
      }
      const a = { requests: group.requests, trialValues: reference.trialValues.get(key) ?? {} };
      const b = { requests: theirs.requests, trialValues: s.trialValues.get(key) ?? {} };
      const figures = FIGURES.filter((f) =>
        f.applies(a.requests, a.trialValues) && f.applies(b.requests, b.trialValues)
      );
      const { figures: changes, ...comparison } = comparePaired(a, b, figures, {
        iterations: made.iterations,
        confidence: made.confidence,
        seed: seedOf(made.seed, key, reference.label, s.label),
      });
      const s2 = comparison.sessions;
      if (s2.onlyA || s2.onlyB) unpaired.add(pairingWarning(s.label, reference.label, comparison));
      if (comparison.method === "sessions") unpaired.add(oneTrialWarning(s.label, reference.label));
      against.push({
        label: s.label,
        comparison,
        figures: changes.map((c, i) => ({
          ...c,
          figure: figures[i],
          verdict: verdictOf(c, figures[i].better, made.min_effect_pct),
        })),
      });
    }
    if (against.length) groups.push({ id: group.id, key, label: runLabel(group.id), against });
  }
  for (const s of others) {
    for (const [key, g] of s.paired.groups) {
      if (!reference.paired.groups.has(key)) {
        notes.push(`${runLabel(g.id)}: in ${s.label} only; left out`);
      }
    }
  }
  groups.sort((x, y) => compareRuns(x.id, y.id));
  return {
    title: o.title ?? `turnbench compare: ${sweeps.map((s) => s.label).join(" vs ")}`,
    sweeps,
    reference,
    groups,
    warnings: [...warnings, ...unpaired],
    notes,
    made,
  };
}

function oneTrialWarning(label: string, ref: string): string {
  return `${label} against ${ref}: without repeat ≥ 2 on both, the intervals cover the spread ` +
    "between sessions, not drift between runs (a busier machine during one sweep), and may call " +
    "small changes; run both with repeat ≥ 3 for verdicts that hold on a noisy machine";
}

function pairingWarning(label: string, ref: string, c: Omit<PairedComparison, "figures">): string {
  return c.paired
    ? `${label} and ${ref} share ${c.sessions.paired} session(s); ${c.sessions.onlyA} only in ${ref} ` +
      `and ${c.sessions.onlyB} only in ${label} are left out of the figures`
    : `${label} and ${ref} share no session id: their sessions are resampled apart (unpaired), ` +
      "so the intervals are wider";
}
