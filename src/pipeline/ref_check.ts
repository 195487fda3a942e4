/** @module Checks of the references in a stage as written: well formed, in needs, known output, env set. */
import type { DocPath, Locator } from "./issues.ts";
import { parseSelector } from "./job_names.ts";
import { findRefs, scanString } from "./refs.ts";
import type { StageSpec } from "./spec.ts";
import type { Task } from "./task.ts";

/**
 * Checks the references in one part of a stage (`with` or `matrix`), by stage name; which jobs of
 * a matrixed stage they name is checked once the stages are expanded.
 *
 * @param tree the part as written
 * @param base its document path, e.g. `["stages", "sweep", "with"]`
 * @returns located error lines
 */
export function refErrors(
  spec: StageSpec,
  tree: unknown,
  base: DocPath,
  specs: Record<string, StageSpec>,
  env: Record<string, string | undefined>,
  registry: Record<string, Task>,
  loc: Locator,
): string[] {
  const out: string[] = [];
  for (const { path, bad } of badRefs(tree)) {
    for (const b of bad) {
      out.push(
        loc.line(
          [...base, ...path],
          `invalid reference "${b}": expected \${{ stage.output }} or \${{ env.NAME }}`,
        ),
      );
    }
  }
  const needed = new Set(spec.needs.map((n) => parseSelector(n)?.stage ?? n));
  for (const { path, ref } of findRefs(tree)) {
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
    } else if (!needed.has(ref.stage)) {
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
