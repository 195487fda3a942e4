/** @module `${{ stage.output }}`, `${{ stage[key=value].output }}` and `${{ env.NAME }}` references in a stage's params. */

/**
 * One reference found in a string: `${{ merge.sessions }}` → `{ stage: "merge", field: "sessions" }`;
 * `${{ sweep[endpoint=b].summary }}` also has `select: "endpoint=b"` (one job of a matrix).
 */
export interface Ref {
  /** The text as written, e.g. `${{ merge.sessions }}`. */
  raw: string;
  /** The stage name, or `env` for an environment variable. */
  stage: string;
  /** The output/export name (or `dir`), or the variable name for `env`. */
  field: string;
  /** The job selector inside `[…]`, normalized to `key=value,…` (spaces dropped). */
  select?: string;
}

/** What a reference reads from: `sweep` or `sweep[endpoint=b]`. */
export function refTarget(ref: Ref): string {
  return ref.select === undefined ? ref.stage : `${ref.stage}[${ref.select}]`;
}

/** A reference's canonical text: `${{ sweep[endpoint=b].summary }}`. */
export function refText(ref: Ref): string {
  return `\${{ ${refTarget(ref)}.${ref.field} }}`;
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
const EXPR = /^([A-Za-z_][A-Za-z0-9_-]*)(?:\[([^\]]*)\])?\.([A-Za-z_][A-Za-z0-9_-]*)$/;

/** Parses the expression inside `${{ … }}`; undefined when it is not `stage[.sel].field`. */
function parseExpr(raw: string, inner: string): Ref | undefined {
  const m = EXPR.exec(inner.trim());
  if (!m) return undefined;
  if (m[2] === undefined) return { raw, stage: m[1], field: m[3] };
  const select = m[2].split(",").map((p) => p.trim().replace(/\s*=\s*/, "=")).join(",");
  if (m[1] === "env" || !/^[^=,]+=[^=,]+(,[^=,]+=[^=,]+)*$/.test(select)) return undefined;
  return { raw, stage: m[1], field: m[3], select };
}

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
    const ref = parseExpr(m[0], m[1]);
    if (ref) refs.push(ref);
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
      const ref = parseExpr(raw, inner);
      return ref ? String(resolve(ref)) : raw;
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
