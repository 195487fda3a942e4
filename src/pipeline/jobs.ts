/** @module Stages → jobs: each stage's matrix expanded, needs and references pointed at jobs. */
import { z } from "zod";
import type { Graph } from "./dag.ts";
import type { DocPath, Locator } from "./issues.ts";
import { parseSelector, selectJobs } from "./job_names.ts";
import type { LoadedStage, RefTarget } from "./load.ts";
import { expandMatrix, type GroupInfo, type MatrixJob } from "./matrix.ts";
import { findRefs, refTarget, substitute } from "./refs.ts";
import type { StageSpec } from "./spec.ts";
import type { Task } from "./task.ts";

/** The jobs of a pipeline. */
export interface Jobs {
  stages: Record<string, LoadedStage>;
  /** Stage as written → its jobs. */
  groups: Record<string, GroupInfo>;
  /** Job names, each after the jobs it needs. */
  order: string[];
  graph: Graph;
}

const FIELDS = new WeakMap<Task, Set<string> | undefined>();

/** The top-level fields of a task's `with:` schema (undefined when it is not an object). */
export function taskFields(task: Task): Set<string> | undefined {
  if (!FIELDS.has(task)) {
    let fields: Set<string> | undefined;
    try {
      const json = z.toJSONSchema(task.schema, { io: "input", unrepresentable: "any" });
      if (json.properties) fields = new Set(Object.keys(json.properties));
    } catch { /* not representable: not checked */ }
    FIELDS.set(task, fields);
  }
  return FIELDS.get(task);
}

/**
 * Expands every stage into its jobs, in stage order (upstream first). Problems are added to
 * `errors` as located lines; a stage whose matrix is broken gets no jobs.
 */
export function buildJobs(
  specs: Record<string, StageSpec>,
  tasks: Record<string, Task>,
  stageOrder: string[],
  loc: Locator,
  errors: string[],
): Jobs {
  const out: Jobs = { stages: {}, groups: {}, order: [], graph: {} };
  for (const name of stageOrder) {
    const spec = specs[name];
    const task = tasks[name];
    if (!spec || !task) continue;
    let jobs: MatrixJob[] = [{ name, labels: [], bound: {}, values: {}, origins: {} }];
    let binds = new Set<string>();
    if (spec.matrix) {
      const secrets = new Set(task.secrets ?? []);
      const r = expandMatrix(name, spec.matrix, spec.with, taskFields(task), out.groups, secrets);
      for (const i of r.issues) {
        errors.push(loc.line(["stages", name, "matrix", ...i.path], i.message, i.key));
      }
      if (r.jobs.length === 0) continue;
      [jobs, binds] = [r.jobs, r.binds];
    }
    out.groups[name] = { matrixed: !!spec.matrix, kind: task.kind, jobs, binds };
    for (const job of jobs) {
      const stage = loadJob(name, spec, task, job, out.groups, loc, errors);
      out.stages[stage.name] = stage;
      out.order.push(stage.name);
      out.graph[stage.name] = stage.needs;
    }
  }
  return out;
}

function loadJob(
  name: string,
  spec: StageSpec,
  task: Task,
  job: MatrixJob,
  groups: Record<string, GroupInfo>,
  loc: Locator,
  errors: string[],
): LoadedStage {
  const written = { ...spec.with, ...job.values };
  const withBlock = substitute(written, (ref) => {
    const bound = ref.stage !== "env" && ref.select === undefined && job.bound[ref.stage];
    return bound ? `\${{ ${bound}.${ref.field} }}` : ref.raw;
  }) as Record<string, unknown>;
  const at = (path: DocPath): DocPath => {
    const origin = job.origins[String(path[0])];
    return origin
      ? ["stages", name, "matrix", ...origin, ...path.slice(1)]
      : ["stages", name, "with", ...path];
  };
  const needs: string[] = [];
  spec.needs.forEach((text, i) => {
    const sel = parseSelector(text);
    const group = sel && groups[sel.stage];
    if (!sel || !group) return;
    const bound = !sel.pairs && job.bound[sel.stage];
    if (bound) return void needs.push(bound);
    const picked = selectJobs(sel, group);
    if (typeof picked === "string") {
      errors.push(loc.line(["stages", name, "needs", i], picked));
    } else if (group.kind === "service" && !picked.one) {
      errors.push(loc.line(["stages", name, "needs", i], matrixedService(sel.stage, group)));
    } else needs.push(...picked.jobs.filter((j) => !needs.includes(j)));
  });
  const refs = findRefs(withBlock);
  const targets: Record<string, RefTarget> = {};
  for (const { path, ref, whole } of refs) {
    const group = ref.stage !== "env" && groups[ref.stage];
    if (!group) continue;
    const line = (message: string) => errors.push(loc.line(at(path), message));
    const picked = selectJobs(ref.select ? parseSelector(refTarget(ref))! : ref, group);
    if (typeof picked === "string") {
      line(`reference "${ref.raw}": ${picked}`);
      continue;
    }
    const list = !picked.one;
    const missing = picked.jobs.find((j) => !needs.includes(j));
    if (list && group.kind === "service") line(matrixedService(ref.stage, group));
    else if (list && !whole) {
      line(
        `reference "${ref.raw}" gives a list (stage "${ref.stage}" has a matrix): use it as the whole value, or name one job`,
      );
    } else if (missing && needs.some((n) => groups[ref.stage].jobs.some((j) => j.name === n))) {
      line(`reference "${ref.raw}" names job "${missing}", which is not in needs`);
    }
    targets[refTarget(ref)] = { jobs: picked.jobs, list };
  }
  return {
    name: job.name,
    stage: name,
    task,
    with: withBlock,
    needs,
    refs,
    targets,
    at,
    ...(spec.matrix ? { matrix: job.labels } : {}),
  };
}

function matrixedService(stage: string, group: GroupInfo): string {
  return `stage "${stage}" is a service with a matrix: matrix over it (a matrix key set to "\${{ ${stage}.<export> }}") or name one job, e.g. "${
    group.jobs[0].name
  }"`;
}
