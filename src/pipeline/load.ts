/** @module Read a pipeline file into a validated spec, or report every problem with `file:line:col`. */
import { basename, extname } from "node:path";
import { isMap, isNode, isPair, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document } from "yaml";
import { UserError } from "../util/errors.ts";
import { findCycle, type Graph, topoOrder } from "./dag.ts";
import { type DocPath, issueLines, keyText, Locator, PipelineSpecError } from "./issues.ts";
import { parseOverride } from "./overrides.ts";
import { findRefs, type LocatedRef, scanString } from "./refs.ts";
import { NAME_PATTERN, PipelineSpec, StageSpec, StageSpecLoose } from "./spec.ts";
import type { Task } from "./task.ts";
import { checkWithStatically } from "./with_check.ts";

/** A stage after validation. */
export interface LoadedStage {
  name: string;
  task: Task;
  /** The `with:` block as written (after `--set`), references unresolved. */
  with: Record<string, unknown>;
  needs: string[];
  /** Every `${{ … }}` reference in `with`. */
  refs: LocatedRef[];
}

/** A validated pipeline. */
export interface LoadedPipeline {
  file: string;
  /** `name:` or the file stem. */
  name: string;
  description?: string;
  stages: Record<string, LoadedStage>;
  /** Stage names, each after the stages it needs. */
  order: string[];
  graph: Graph;
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

  const stages: Record<string, LoadedStage> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const task = opts.registry[spec.task];
    if (!task) {
      const known = Object.keys(opts.registry).sort().join(", ") || "none";
      errors.push(
        loc.line(["stages", name, "task"], `unknown task "${spec.task}" (known: ${known})`),
      );
    }
    spec.needs.forEach((n, i) => {
      if (!(n in rawStages)) {
        errors.push(loc.line(["stages", name, "needs", i], `unknown stage "${n}"`));
      }
    });
    const refs = findRefs(spec.with);
    errors.push(...refErrors(name, spec, refs, specs, env, opts.registry, loc));
    if (task) stages[name] = { name, task, with: spec.with, needs: spec.needs, refs };
  }

  const graph: Graph = Object.fromEntries(Object.entries(specs).map(([n, s]) => [n, s.needs]));
  const cycle = findCycle(graph);
  if (cycle) {
    errors.push(loc.line(["stages", cycle[0], "needs"], `dependency cycle: ${cycle.join(" → ")}`));
  }

  for (const stage of Object.values(stages)) {
    errors.push(...checkWithStatically(stage, stages, env, loc));
  }
  if (errors.length) throw new PipelineSpecError(sortLines(errors));
  const name = top.success && top.data.name ? top.data.name : basename(file, extname(file));
  return {
    file,
    name,
    description: top.success ? top.data.description : undefined,
    stages,
    order: topoOrder(graph),
    graph,
    locator: loc,
  };
}

function refErrors(
  name: string,
  spec: StageSpec,
  refs: LocatedRef[],
  specs: Record<string, StageSpec>,
  env: Record<string, string | undefined>,
  registry: Record<string, Task>,
  loc: Locator,
): string[] {
  const out: string[] = [];
  const base = ["stages", name, "with"];
  for (const { path, bad } of badRefs(spec.with)) {
    for (const b of bad) {
      out.push(
        loc.line(
          [...base, ...path],
          `invalid reference "${b}": expected \${{ stage.output }} or \${{ env.NAME }}`,
        ),
      );
    }
  }
  for (const { path, ref } of refs) {
    const at = [...base, ...path];
    if (ref.stage === "env") {
      const secret = registry[spec.task]?.secrets?.includes(String(path[0]));
      if (env[ref.field] === undefined && !secret) {
        out.push(loc.line(at, `environment variable "${ref.field}" is not set`));
      }
      continue;
    }
    const target = specs[ref.stage];
    if (!target) {
      out.push(loc.line(at, `unknown stage "${ref.stage}" in reference "${ref.raw}"`));
    } else if (!spec.needs.includes(ref.stage)) {
      out.push(
        loc.line(at, `reference "${ref.raw}" names stage "${ref.stage}", which is not in needs`),
      );
    } else {
      const task = registry[target.task];
      const declared = task?.outputs;
      if (declared && !(ref.field in declared) && !(ref.field === "dir" && task.kind === "job")) {
        const known = Object.keys(declared).join(", ");
        out.push(
          loc.line(at, `stage "${ref.stage}" has no output "${ref.field}" (it has: ${known})`),
        );
      }
    }
  }
  return out;
}

function badRefs(value: unknown, path: DocPath = []): { path: DocPath; bad: string[] }[] {
  if (typeof value === "string") {
    const { bad } = scanString(value);
    return bad.length ? [{ path, bad }] : [];
  }
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) =>
      badRefs(v, [...path, Array.isArray(value) ? Number(k) : k])
    );
  }
  return [];
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
