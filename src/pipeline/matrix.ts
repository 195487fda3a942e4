/** @module `matrix:` on a stage: one job per combination of values, named by its values. */
import type { DocPath } from "./issues.ts";
import { jobName, type Labels, type StageJobs } from "./job_names.ts";
import { canonicalJson } from "./key.ts";
import { sha256Text } from "./hash.ts";
import { findRefs, scanString } from "./refs.ts";

/** A value's name in job names when written as is: letters, digits and `_ . + - : @`, ≤ 40. */
export const LABEL_PATTERN = /^[A-Za-z0-9_.+:@-]{1,40}$/;

/** One job of an expanded stage, as its dependents see it. */
export interface JobInfo {
  name: string;
  labels: Labels;
  /** Matrixed stage → the one of its jobs this job is bound to (it matrices over it). */
  bound: Record<string, string>;
}

/** An expanded stage, as its dependents see it. */
export interface GroupInfo extends StageJobs {
  kind: "job" | "service";
  jobs: JobInfo[];
  /** The matrixed stages every job of this stage is bound to. */
  binds: Set<string>;
}

/** A job of a matrix: its values for `with:` and where each was written. */
export interface MatrixJob extends JobInfo {
  /** Matrix key → the value as written. */
  values: Record<string, unknown>;
  /** Matrix key → path of its value under `stages.<stage>.matrix`. */
  origins: Record<string, DocPath>;
}

/** A problem with a matrix, at a path under `stages.<stage>.matrix` (`key`: point at the key). */
export interface MatrixIssue {
  path: DocPath;
  message: string;
  key?: boolean;
}

interface Item {
  label: string;
  value: unknown;
  /** Path of the value, and of what names it (the item, or its `name`). */
  path: DocPath;
  at: DocPath;
}

type Dim = { key: string; items: Item[] } | { group: string };

interface Combo {
  labels: [string, string][];
  bound: Record<string, string>;
  picks: number[];
}

/**
 * The name of a matrix value in job names: the `name` of a `{ name, value }` item; else a scalar's
 * text when it fits `LABEL_PATTERN`; else `stage.output` for a value that is exactly one reference;
 * else `#` and 8 hex digits of the sha256 of the value as written.
 */
export function valueLabel(value: unknown): string {
  if (value === null || ["number", "boolean"].includes(typeof value)) return String(value);
  if (typeof value === "string") {
    if (LABEL_PATTERN.test(value)) return value;
    const { refs, whole } = scanString(value);
    const short = whole && refs[0].select === undefined ? `${refs[0].stage}.${refs[0].field}` : "";
    if (LABEL_PATTERN.test(short)) return short;
  }
  return `#${sha256Text(canonicalJson(value)).slice(0, 8)}`;
}

function secretLabel(value: unknown, index: number): string {
  const label = typeof value === "string" && scanString(value).whole ? valueLabel(value) : "";
  return label && !label.startsWith("#") ? label : `#${index + 1}`;
}

function isNamed(v: unknown): v is { name: unknown; value: unknown } {
  return !!v && typeof v === "object" && !Array.isArray(v) &&
    Object.keys(v).sort().join() === "name,value";
}

/**
 * Expands a stage's matrix: keys in the order written, the first varying slowest. A key whose
 * value refers to a matrixed stage without naming one of its jobs (`${{ mock.endpoint }}`) takes
 * that value as is, once per job of that stage: the job is bound to it (every reference to that
 * stage in the job means that job) and its name has that job's values.
 *
 * @param fields the task's `with:` fields (undefined: not known, not checked)
 * @param groups the stages expanded so far
 * @param secrets the task's secret params: their values are named by position, not by value
 * @returns the jobs (none when the matrix cannot be expanded; the first of duplicates), the
 * problems, and the matrixed stages every job is bound to
 */
export function expandMatrix(
  stage: string,
  matrix: Record<string, unknown>,
  withBlock: Record<string, unknown>,
  fields: Set<string> | undefined,
  groups: Record<string, GroupInfo>,
  secrets: ReadonlySet<string> = new Set(),
): { jobs: MatrixJob[]; issues: MatrixIssue[]; binds: Set<string> } {
  const issues: MatrixIssue[] = [];
  const dims: Dim[] = [];
  const binds = new Set<string>();
  const follow: Record<string, unknown> = {};
  if (Object.keys(matrix).length === 0) {
    issues.push({ path: [], message: "expected at least one key" });
  }
  for (const [key, value] of Object.entries(matrix)) {
    if (fields && !fields.has(key)) {
      issues.push({ path: [key], key: true, message: `"${key}" is not a parameter of this task` });
    } else if (key in withBlock) {
      const message = `"${key}" is also set in with: (set it in one of the two)`;
      issues.push({ path: [key], key: true, message });
    }
    const followed = findRefs(value).map((r) => r.ref).filter((r) =>
      r.stage !== "env" && r.select === undefined && groups[r.stage]?.matrixed
    ).map((r) => r.stage);
    if (followed.length) {
      follow[key] = value;
      for (const g of followed.filter((g) => !binds.has(g))) {
        dims.push({ group: g });
        for (const b of [g, ...groups[g].binds]) binds.add(b);
      }
      continue;
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) {
      issues.push({ path: [key], message: "empty list: the matrix expands to no jobs" });
    }
    dims.push({
      key,
      items: list.map((v, i) =>
        item(v, Array.isArray(value) ? [key, i] : [key], issues, secrets.has(key) ? i : undefined)
      ),
    });
  }
  if (issues.length) return { jobs: [], issues, binds };
  const combos = product(dims, groups, issues);
  const jobs = combos.map((c): MatrixJob => {
    const values: Record<string, unknown> = { ...follow };
    const origins: Record<string, DocPath> = Object.fromEntries(
      Object.keys(follow).map((k) => [k, [k]]),
    );
    dims.forEach((d, i) => {
      if ("key" in d) {
        values[d.key] = d.items[c.picks[i]].value;
        origins[d.key] = d.items[c.picks[i]].path;
      }
    });
    return { name: jobName(stage, c.labels), labels: c.labels, bound: c.bound, values, origins };
  });
  issues.push(...duplicates(jobs, combos, dims));
  const seen = new Set<string>();
  const unique = jobs.filter((j) => !seen.has(j.name) && seen.add(j.name));
  return { jobs: unique, issues, binds };
}

/** One value of a key; a secret's value is never its own name (`#1`, `#2`… unless a reference). */
function item(v: unknown, path: DocPath, issues: MatrixIssue[], secretIndex?: number): Item {
  if (!isNamed(v)) {
    const label = secretIndex === undefined ? valueLabel(v) : secretLabel(v, secretIndex);
    return { label, value: v, path, at: path };
  }
  const label = String(v.name);
  if (!LABEL_PATTERN.test(label)) {
    const message = `invalid name "${label}": use letters, digits and _ . + - : @ (at most 40)`;
    issues.push({ path: [...path, "name"], message });
  }
  return { label, value: v.value, path: [...path, "value"], at: [...path, "name"] };
}

/** Every consistent combination of the dimensions' items, the first dimension varying slowest. */
function product(dims: Dim[], groups: Record<string, GroupInfo>, issues: MatrixIssue[]): Combo[] {
  let combos: Combo[] = [{ labels: [], bound: {}, picks: [] }];
  for (const dim of dims) {
    const choices = "key" in dim
      ? dim.items.map((it) => ({ labels: [[dim.key, it.label]] as Labels, bound: {} }))
      : groups[dim.group].jobs.map((j) => ({
        labels: j.labels,
        bound: { ...j.bound, [dim.group]: j.name },
      }));
    const next: Combo[] = [];
    for (const c of combos) {
      choices.forEach((choice, i) => {
        const clash = Object.entries(choice.bound).some(([g, j]) => c.bound[g] && c.bound[g] !== j);
        if (clash) return;
        const labels = [...c.labels];
        for (const [k, v] of choice.labels) {
          const had = labels.find(([lk]) => lk === k);
          if (!had) labels.push([k, v]);
          else if (had[1] !== v) {
            const at = "key" in dim ? [dim.key] : [];
            issues.push({ path: at, message: `key "${k}" would appear twice in the job names` });
            return;
          }
        }
        next.push({ labels, bound: { ...c.bound, ...choice.bound }, picks: [...c.picks, i] });
      });
    }
    combos = next;
  }
  return combos;
}

/** A duplicate job name, reported at the later of the two values that named it alike. */
function duplicates(jobs: MatrixJob[], combos: Combo[], dims: Dim[]): MatrixIssue[] {
  const first = new Map<string, number>();
  const out = new Map<string, MatrixIssue>();
  jobs.forEach((job, n) => {
    const m = first.get(job.name);
    if (m === undefined) return void first.set(job.name, n);
    const d = dims.findIndex((_, i) => combos[m].picks[i] !== combos[n].picks[i]);
    const dim = dims[d];
    if (!dim || !("key" in dim)) return;
    const it = dim.items[combos[n].picks[d]];
    const path = it.at;
    const message = `duplicate job name "${job.name}" (item ${
      combos[m].picks[d]
    } is also named "${it.label}")`;
    if (!out.has(path.join("."))) out.set(path.join("."), { path, message });
  });
  return [...out.values()];
}
