/** @module Which jobs a run processes, from `--only`, `--from`, `--until` and `--force`. */
import { UserError } from "../util/errors.ts";
import { downstreamOf, upstreamOf } from "./dag.ts";
import { parseSelector, selectJobs } from "./job_names.ts";
import type { LoadedPipeline } from "./load.ts";

/** The selection flags. */
export interface SelectionFlags {
  only?: string[];
  from?: string;
  until?: string;
  /** `true` or `[]`: every selected job. */
  force?: boolean | string[];
}

/** The jobs a run processes. */
export interface Selection {
  /** Jobs selected by the flags. */
  sel: Set<string>;
  /** Selected jobs and every job they need. */
  active: Set<string>;
  /** Needed jobs not selected: they must come from the cache. */
  cacheOnly: Set<string>;
  /** Selected jobs to rerun even when cached. */
  force: Set<string>;
}

/**
 * The jobs named by a flag's values: a stage name means all its jobs, `stage[key=value,…]` the
 * jobs whose names have those values (e.g. `sweep[endpoint=b]`).
 *
 * @throws UserError (exit code 2) naming the flag and the known stages
 */
export function jobsNamed(p: LoadedPipeline, flag: string, names: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const sel = parseSelector(name);
    const group = sel && p.groups[sel.stage];
    if (!sel || !group) {
      const stages = Object.keys(p.groups).join(", ");
      throw new UserError(`Unknown stage "${name}" in ${flag} (stages: ${stages})`, {
        exitCode: 2,
      });
    }
    const picked = selectJobs(sel, group);
    if (typeof picked === "string") {
      throw new UserError(`Cannot use ${flag} "${name}": ${picked}`, { exitCode: 2 });
    }
    out.push(...picked.jobs);
  }
  return out;
}

/** Works out the jobs a run processes from its flags. */
export function selectRun(p: LoadedPipeline, flags: SelectionFlags): Selection {
  let sel = new Set(p.order);
  if (flags.only?.length) sel = new Set(jobsNamed(p, "--only", flags.only));
  if (flags.from) sel = intersect(sel, downstreamOf(p.graph, jobsNamed(p, "--from", [flags.from])));
  if (flags.until) {
    sel = intersect(sel, upstreamOf(p.graph, jobsNamed(p, "--until", [flags.until])));
  }
  const forced = Array.isArray(flags.force) && flags.force.length
    ? jobsNamed(p, "--force", flags.force)
    : flags.force
    ? [...sel]
    : [];
  const active = upstreamOf(p.graph, sel);
  const cacheOnly = new Set(
    [...active].filter((n) => !sel.has(n) && p.stages[n].task.kind === "job"),
  );
  return { sel, active, cacheOnly, force: intersect(new Set(forced), sel) };
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a].filter((x) => b.has(x)));
}
