/** @module `${{ stage.output }}` and `${{ env.NAME }}` references inside a stage's `with:` block. */

/** One reference found in a string: `${{ merge.sessions }}` → `{ stage: "merge", field: "sessions" }`. */
export interface Ref {
  /** The text as written, e.g. `${{ merge.sessions }}`. */
  raw: string;
  /** The stage name, or `env` for an environment variable. */
  stage: string;
  /** The output/export name (or `dir`), or the variable name for `env`. */
  field: string;
}

/** A reference located in a params tree. */
export interface LocatedRef {
  /** Path of the string holding it, relative to `with:`. */
  path: (string | number)[];
  ref: Ref;
  /** True when the string is exactly one reference (its value keeps its type). */
  whole: boolean;
}

const REF = /\$\{\{(.*?)\}\}/g;
const EXPR = /^([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)$/;

/** The result of scanning one string for references. */
export interface ScannedString {
  refs: Ref[];
  /** Expressions that are not `stage.field` (e.g. `${{ merge }}`), as written. */
  bad: string[];
  whole: boolean;
}

/**
 * Finds the references in one string.
 *
 * @example
 * ```ts
 * scanString("${{ mock.url }}/v1").refs[0]; // { raw: "${{ mock.url }}", stage: "mock", field: "url" }
 * ```
 */
export function scanString(text: string): ScannedString {
  const refs: Ref[] = [];
  const bad: string[] = [];
  for (const m of text.matchAll(REF)) {
    const expr = EXPR.exec(m[1].trim());
    if (expr) refs.push({ raw: m[0], stage: expr[1], field: expr[2] });
    else bad.push(m[0]);
  }
  const whole = refs.length === 1 && bad.length === 0 && text.trim() === refs[0].raw;
  return { refs, bad, whole };
}

/** Lists every reference in a params tree with the path of the string that holds it. */
export function findRefs(value: unknown, path: (string | number)[] = []): LocatedRef[] {
  if (typeof value === "string") {
    const { refs, whole } = scanString(value);
    return refs.map((ref) => ({ path, ref, whole }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findRefs(v, [...path, i]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => findRefs(v, [...path, k]));
  }
  return [];
}

/**
 * Replaces every reference in a params tree. A string that is exactly one reference takes the
 * resolved value as is (keeping its type); otherwise the resolved values are interpolated as text.
 *
 * @param value the params tree (not modified)
 * @param resolve gives the value of one reference
 * @returns a new tree
 */
export function substitute(value: unknown, resolve: (ref: Ref) => unknown): unknown {
  if (typeof value === "string") {
    const { refs, whole } = scanString(value);
    if (refs.length === 0) return value;
    if (whole) return resolve(refs[0]);
    return value.replace(REF, (raw, inner: string) => {
      const expr = EXPR.exec(inner.trim());
      return expr ? String(resolve({ raw, stage: expr[1], field: expr[2] })) : raw;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, resolve));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substitute(v, resolve)]),
    );
  }
  return value;
}

/** True when `path` starts with `prefix`. */
export function pathStartsWith(
  path: readonly PropertyKey[],
  prefix: readonly PropertyKey[],
): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}
