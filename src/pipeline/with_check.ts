/** @module Validate a stage's `with:` block with its task's zod schema, before and at run time. */
import { UserError } from "../util/errors.ts";
import { type DocPath, issueLines, type Locator } from "./issues.ts";
import { type LocatedRef, pathStartsWith, type Ref, refTarget, substitute } from "./refs.ts";
import type { Task } from "./task.ts";

interface StageLike {
  name: string;
  task: Task;
  with: Record<string, unknown>;
  refs: LocatedRef[];
  /** Which references give a list (of a matrixed stage's outputs). */
  targets: Record<string, { list: boolean }>;
  /** The document path of a `with` path. */
  at(path: DocPath): DocPath;
}

const PLACEHOLDER = { file: "/placeholder/file", string: "placeholder", number: 1, boolean: true };

/** A stand-in value of the right type for a reference, when its type is known before running. */
function placeholder(
  ref: Ref,
  stage: StageLike,
  tasks: Record<string, Task>,
  env: Record<string, string | undefined>,
): { known: boolean; value: unknown } {
  if (ref.stage === "env") return { known: true, value: env[ref.field] ?? "" };
  const task = tasks[ref.stage];
  const type = ref.field === "dir" && task?.kind === "job" ? "file" : task?.outputs?.[ref.field];
  if (!type) return { known: false, value: ref.raw };
  const list = stage.targets[refTarget(ref)]?.list;
  return { known: true, value: list ? [PLACEHOLDER[type]] : PLACEHOLDER[type] };
}

/**
 * Checks `with:` before anything runs: references are replaced by placeholders of their declared
 * type, and only problems that do not depend on a reference's actual value are reported (a
 * reference of unknown type is checked at run time, after substitution).
 *
 * @returns located error lines (empty when fine)
 */
export function checkWithStatically(
  stage: StageLike,
  tasks: Record<string, Task>,
  env: Record<string, string | undefined>,
  loc: Locator,
): string[] {
  const values = substitute(stage.with, (ref) => placeholder(ref, stage, tasks, env).value);
  const result = stage.task.schema.safeParse(values);
  if (result.success) return [];
  const issues = result.error.issues.filter((issue) => {
    for (const { path, ref, whole } of stage.refs) {
      if (!pathStartsWith(issue.path, path)) continue;
      const { known } = placeholder(ref, stage, tasks, env);
      if (ref.stage === "env") {
        if (env[ref.field] === undefined) return false;
        continue;
      }
      if ((whole && !known) || issue.code !== "invalid_type") return false;
    }
    return true;
  });
  return issueLines(issues, stage.at, values, loc);
}

/**
 * Validates a stage's params after every reference is resolved, filling schema defaults.
 *
 * @param resolved the `with:` block with references substituted
 * @throws UserError with one located line per problem
 */
export function parseParams(stage: StageLike, resolved: unknown, loc: Locator): unknown {
  const result = stage.task.schema.safeParse(resolved);
  if (result.success) return result.data;
  const lines = issueLines(result.error.issues, stage.at, resolved, loc);
  throw new UserError(lines.join("\n"));
}
