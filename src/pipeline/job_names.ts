/** @module Matrix job names (`sweep[endpoint=b,max_context_tokens=4096]`) and selecting jobs by them. */

/** A job's values as shown in its name: `[key, label]` pairs, keys in the order written. */
export type Labels = readonly (readonly [string, string])[];

/** A name or selector as written: `sweep` (every job) or `sweep[endpoint=b]` (the jobs matching). */
export interface JobSelector {
  stage: string;
  /** The `key=value` pairs inside `[…]`; absent for a bare stage name. */
  pairs?: [string, string][];
}

const SELECTOR = /^([A-Za-z_][A-Za-z0-9_-]*)(?:\[([^\]]*)\])?$/;

/**
 * Reads `stage` or `stage[key=value,…]` (spaces around `=` and `,` ignored).
 *
 * @returns the selector, or undefined when the text is neither
 * @example
 * ```ts
 * parseSelector("sweep[endpoint=b]"); // { stage: "sweep", pairs: [["endpoint", "b"]] }
 * ```
 */
export function parseSelector(text: string): JobSelector | undefined {
  const m = SELECTOR.exec(text.trim());
  if (!m) return undefined;
  if (m[2] === undefined) return { stage: m[1] };
  const pairs: [string, string][] = [];
  for (const part of m[2].split(",")) {
    const eq = part.indexOf("=");
    const [k, v] = [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
    if (eq < 0 || !k || !v || v.includes("=")) return undefined;
    pairs.push([k, v]);
  }
  return { stage: m[1], pairs };
}

/** The name of a job: the stage name, then `[key=label,…]` when it has matrix values. */
export function jobName(stage: string, labels: Labels): string {
  return labels.length ? `${stage}[${labels.map(([k, v]) => `${k}=${v}`).join(",")}]` : stage;
}

/** The jobs of one stage, as the loader expanded them. */
export interface StageJobs {
  /** True when the stage has a `matrix:`. */
  matrixed: boolean;
  /** Its jobs in expansion order. */
  jobs: { name: string; labels: Labels }[];
}

/** The result of selecting: the jobs (in expansion order) and whether the selector names one job. */
export interface Selected {
  jobs: string[];
  /** True when every key of the jobs' names is given (or the stage has no matrix). */
  one: boolean;
}

/**
 * The jobs a selector names: all jobs for a bare name, or those whose names have every given
 * `key=value`.
 *
 * @returns the jobs, or an error message (sentence case, values quoted)
 */
export function selectJobs(sel: JobSelector, group: StageJobs): Selected | string {
  if (!sel.pairs) return { jobs: group.jobs.map((j) => j.name), one: !group.matrixed };
  if (!group.matrixed) return `stage "${sel.stage}" has no matrix`;
  const keys = group.jobs[0]?.labels.map(([k]) => k) ?? [];
  for (const [k] of sel.pairs) {
    if (!keys.includes(k)) {
      return `the jobs of "${sel.stage}" have no key "${k}" (keys: ${keys.join(", ")})`;
    }
  }
  const jobs = group.jobs.filter((j) =>
    sel.pairs!.every(([k, v]) => j.labels.some(([jk, jv]) => jk === k && jv === v))
  ).map((j) => j.name);
  if (jobs.length === 0) {
    const shown = `${sel.stage}[${sel.pairs.map(([k, v]) => `${k}=${v}`).join(",")}]`;
    const names = group.jobs.map((j) => j.name).join(", ");
    return `no job matches "${shown}" (jobs: ${names})`;
  }
  return { jobs, one: keys.every((k) => sel.pairs!.some(([sk]) => sk === k)) };
}
