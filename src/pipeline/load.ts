/** @module Read a pipeline file into a validated spec, or report every problem with `file:line:col`. */
import { basename, extname } from "node:path";
import { isMap, isNode, isPair, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document } from "yaml";
import { UserError } from "../util/errors.ts";
import { findCycle, type Graph, topoOrder } from "./dag.ts";
import { type DocPath, issueLines, keyText, Locator, PipelineSpecError } from "./issues.ts";
import { type Labels, parseSelector, type StageJobs } from "./job_names.ts";
import { buildJobs } from "./jobs.ts";
import { parseOverride } from "./overrides.ts";
import { refErrors } from "./ref_check.ts";
import type { LocatedRef } from "./refs.ts";
import { NAME_PATTERN, PipelineSpec, StageSpec, StageSpecLoose } from "./spec.ts";
import type { Task } from "./task.ts";
import { checkWithStatically } from "./with_check.ts";

/** The jobs a reference reads, and whether it gives a list (a matrixed stage, not one job). */
export interface RefTarget {
  jobs: string[];
  list: boolean;
}

/** A job after validation: a stage, or one job of a stage's matrix. */
export interface LoadedStage {
  /** The job name: the stage name, or `stage[key=value,…]` for a matrix job. */
  name: string;
  /** The stage as written. */
  stage: string;
  task: Task;
  /** The `with:` block as written (after `--set`) plus a matrix job's values; references unresolved. */
  with: Record<string, unknown>;
  /** The jobs it needs. */
  needs: string[];
  /** Every `${{ … }}` reference in `with`. */
  refs: LocatedRef[];
  /** For each reference's target (`sweep`, `sweep[endpoint=b]`): the jobs it reads. */
  targets: Record<string, RefTarget>;
  /** The document path a `with` path was written at (a matrix value's own line for its key). */
  at(path: DocPath): DocPath;
  /** A matrix job's values as named in its name; absent for a stage without a matrix. */
  matrix?: Labels;
}

/** A validated pipeline. */
export interface LoadedPipeline {
  file: string;
  /** `name:` or the file stem. */
  name: string;
  description?: string;
  /** Every job by name. */
  stages: Record<string, LoadedStage>;
  /** Job names, each after the jobs it needs. */
  order: string[];
  /** Job name → the jobs it needs. */
  graph: Graph;
  /** Stage name as written → its jobs in expansion order. */
  groups: Record<string, StageJobs>;
  /** Maps parameter paths to `file:line:col` (for errors found at run time). */
  locator: Locator;
}

/** What the loader needs besides the file. */
export interface LoadOptions {
  registry: Record<string, Task>;
  /** `--set stage.key=value` flags. */
  set?: string[];
  /** Environment for `${{ env.NAME }}` (default: the process environment). */
  env?: Record<string, string | undefined>;
}

/**
 * Reads and validates a pipeline file.
 *
 * @param file the path to read
 * @param shownAs how messages name the file (default: `file`)
 * @throws PipelineSpecError listing every problem (exit code 2); UserError when unreadable
 * @example
 * ```ts
 * const p = await loadPipeline("pipelines/mixed.yaml", { registry: TASKS });
 * ```
 */
export async function loadPipeline(
  file: string,
  opts: LoadOptions,
  shownAs = file,
): Promise<LoadedPipeline> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "file not found" : String(error);
    throw new UserError(`Cannot read pipeline "${shownAs}": ${why}`, { exitCode: 2 });
  }
  return parsePipeline(text, shownAs, opts);
}

/** Validates pipeline text; `file` names it in messages. Same errors as `loadPipeline`. */
export function parsePipeline(text: string, file: string, opts: LoadOptions): LoadedPipeline {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) {
    throw new PipelineSpecError(doc.errors.map((e) => {
      const { line, col } = counter.linePos(e.pos[0]);
      return `${file}:${line}:${col}: ${
        e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")
      }`;
    }));
  }
  const errors: string[] = [];
  const overrides = applyOverrides(doc, opts.set ?? [], errors);
  const loc = new Locator(file, doc, counter, overrides);
  errors.push(...duplicateKeys(doc, counter, file));
  const js = doc.toJS() as unknown;
  const top = PipelineSpec.safeParse(js);
  if (!top.success) errors.push(...issueLines(top.error.issues, [], js, loc));
  const maybe = (js as { stages?: unknown } | null)?.stages;
  const rawStages = top.success
    ? top.data.stages
    : maybe && typeof maybe === "object" && !Array.isArray(maybe)
    ? maybe as Record<string, unknown>
    : {};
  const env = opts.env ?? Deno.env.toObject();

  const specs: Record<string, StageSpec> = {};
  for (const [name, raw] of Object.entries(rawStages)) {
    const path = ["stages", name];
    if (!NAME_PATTERN.test(name) || name === "env") {
      errors.push(
        loc.line(
          path,
          `invalid stage name "${name}": use letters, digits, _ or - (not "env")`,
          true,
        ),
      );
      continue;
    }
    const parsed = StageSpec.safeParse(raw);
    if (!parsed.success) errors.push(...issueLines(parsed.error.issues, path, raw, loc));
    const loose = parsed.success ? parsed : StageSpecLoose.safeParse(raw);
    if (loose.success) specs[name] = loose.data;
  }

  const tasks: Record<string, Task> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const task = opts.registry[spec.task];
    if (!task) {
      const known = Object.keys(opts.registry).sort().join(", ") || "none";
      errors.push(
        loc.line(["stages", name, "task"], `unknown task "${spec.task}" (known: ${known})`),
      );
    } else tasks[name] = task;
    spec.needs.forEach((n, i) => {
      const sel = parseSelector(n);
      if (!sel) errors.push(loc.line(["stages", name, "needs", i], `invalid job name "${n}"`));
      else if (!(sel.stage in rawStages)) {
        errors.push(loc.line(["stages", name, "needs", i], `unknown stage "${sel.stage}"`));
      }
    });
    for (const part of ["with", "matrix"] as const) {
      const at = ["stages", name, part];
      errors.push(...refErrors(spec, spec[part], at, specs, env, opts.registry, loc));
    }
  }

  const stageGraph: Graph = Object.fromEntries(
    Object.entries(specs).map(([n, s]) => [n, s.needs.map((x) => parseSelector(x)?.stage ?? x)]),
  );
  const cycle = findCycle(stageGraph);
  if (cycle) {
    errors.push(loc.line(["stages", cycle[0], "needs"], `dependency cycle: ${cycle.join(" → ")}`));
  }
  const jobs = buildJobs(specs, tasks, topoOrder(stageGraph), loc, errors);
  for (const stage of Object.values(jobs.stages)) {
    errors.push(...checkWithStatically(stage, tasks, env, loc));
  }
  if (errors.length) throw new PipelineSpecError(sortLines(errors));
  const name = top.success && top.data.name ? top.data.name : basename(file, extname(file));
  return {
    file,
    name,
    description: top.success ? top.data.description : undefined,
    stages: jobs.stages,
    order: jobs.order,
    graph: jobs.graph,
    groups: jobs.groups,
    locator: loc,
  };
}

function applyOverrides(doc: Document, flags: string[], errors: string[]) {
  const applied: { path: DocPath; flag: string }[] = [];
  for (const flag of flags) {
    const o = parseOverride(flag);
    if (typeof o === "string") {
      errors.push(o);
      continue;
    }
    if (!doc.hasIn(["stages", o.stage])) {
      errors.push(`--set ${flag}: unknown stage "${o.stage}"`);
      continue;
    }
    if (!isMap(doc.getIn(["stages", o.stage, "with"]))) {
      doc.setIn(["stages", o.stage, "with"], doc.createNode({}));
    }
    const path = ["stages", o.stage, "with", ...o.path];
    try {
      doc.setIn(path, doc.createNode(o.value));
      applied.push({ path, flag });
    } catch {
      errors.push(
        `--set ${flag}: cannot set "${o.path.join(".")}" inside a value that is not a mapping`,
      );
    }
  }
  return applied;
}

function duplicateKeys(doc: Document, counter: LineCounter, file: string): string[] {
  const out: string[] = [];
  const visit = (node: unknown, path: DocPath) => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = keyText(pair.key);
        if (seen.has(k) && isNode(pair.key) && pair.key.range) {
          const { line, col } = counter.linePos(pair.key.range[0]);
          const what = path.length === 1 && path[0] === "stages" ? "stage name" : "key";
          out.push(`${file}:${line}:${col} ${[...path, k].join(".")}: duplicate ${what} "${k}"`);
        }
        seen.add(k);
        visit(pair.value, [...path, k]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i]));
  };
  visit(doc.contents, []);
  return out;
}

function sortLines(lines: string[]): string[] {
  const pos = (l: string) => {
    const m = /^[^ ]*?:(\d+):(\d+)/.exec(l);
    return m ? Number(m[1]) * 1e6 + Number(m[2]) : -1;
  };
  return [...new Set(lines)].map((l, i) => ({ l, i, p: pos(l) }))
    .sort((a, b) => a.p - b.p || a.i - b.i).map((x) => x.l);
}
