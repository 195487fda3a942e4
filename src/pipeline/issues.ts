/** @module Pipeline file errors located at `file:line:col` and phrased in one line each. */
import type { Document, LineCounter } from "yaml";
import { isMap, isPair, isScalar, isSeq } from "yaml";
import type { z } from "zod";
import { UserError } from "../util/errors.ts";

/** A path into the YAML document, e.g. `["stages", "sweep", "with", "concurrency"]`. */
export type DocPath = (string | number)[];

/** Every problem found in a pipeline file, reported together; exit code 2. */
export class PipelineSpecError extends UserError {
  /** One line per problem: `pipelines/x.yaml:12:5 stages.sweep.with.concurrency: expected …`. */
  readonly lines: string[];

  constructor(lines: string[]) {
    super(lines.join("\n"), { exitCode: 2 });
    this.name = "PipelineSpecError";
    this.lines = lines;
  }
}

/** Maps document paths to source positions. */
export class Locator {
  constructor(
    readonly file: string,
    readonly doc: Document,
    readonly counter: LineCounter,
    /** Paths set by `--set`, with the flag text to name instead of a line. */
    readonly overrides: { path: DocPath; flag: string }[] = [],
  ) {}

  /** `file:line:col` of the node at `path` (or of its nearest existing parent; of the key when `key`). */
  where(path: DocPath, key = false): string {
    const set = this.overrides.find((o) => o.path.every((p, i) => String(path[i]) === String(p)));
    if (set) return `--set ${set.flag}`;
    for (let n = path.length; n >= 0; n--) {
      const offset = this.offsetOf(path.slice(0, n), key && n === path.length);
      if (offset !== undefined) {
        const { line, col } = this.counter.linePos(offset);
        return `${this.file}:${line}:${col}`;
      }
    }
    return this.file;
  }

  /** One error line: `where path: message`. */
  line(path: DocPath, message: string, key = false): string {
    const at = path.length ? ` ${path.join(".")}` : "";
    return `${this.where(path, key)}${at}: ${message}`;
  }

  private offsetOf(path: DocPath, key: boolean): number | undefined {
    let node: unknown = this.doc.contents;
    let keyNode: unknown;
    for (const step of path) {
      keyNode = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(step));
        if (!pair) return undefined;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof step === "number") node = node.items[step];
      else return undefined;
    }
    const target = key && keyNode ? keyNode : node ?? keyNode;
    const range = (target as { range?: [number, number, number] } | undefined)?.range;
    return range?.[0];
  }
}

/** The text of a map key node. */
export function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** Describes a value for messages: `string "abc"`, `number 3`, `a list`, `nothing`. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  if (Array.isArray(value)) return "a list";
  return "a mapping";
}

const ARTICLE: Record<string, string> = {
  int: "an integer",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

/**
 * Phrases one zod issue. Custom messages from a schema are kept as written; zod's defaults are
 * reworded (`expected a number, got string "x"`).
 *
 * @param issue the zod issue
 * @param value the value found at the issue's path (undefined when missing)
 */
export function phrase(issue: z.core.$ZodIssue, value: unknown): string {
  const custom = !/^(Invalid|Too |Unrecognized)/.test(issue.message);
  if (custom) return issue.message;
  if (issue.code === "invalid_type") {
    const exp = String(issue.expected);
    const what = ARTICLE[exp] ?? (/^[aeiou]/.test(exp) ? `an ${exp}` : `a ${exp}`);
    return value === undefined
      ? `missing, expected ${what}`
      : `expected ${what}, got ${describe(value)}`;
  }
  const msg = issue.message.replace(/^Invalid input: /, "").replace(/received/g, "got");
  return msg[0].toLowerCase() + msg.slice(1);
}

/**
 * The value at `path` in a plain JS tree (undefined when absent). Index 0 of a scalar is the
 * scalar itself: list parameters take a single value as a one-item list, so an issue about item 0
 * is about that value.
 */
export function valueAt(tree: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = tree;
  for (const p of path) {
    if (p === 0 && v !== null && v !== undefined && typeof v !== "object") continue;
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/**
 * Turns zod issues into located error lines.
 *
 * @param issues from `safeParse(...).error.issues`
 * @param base the document path the parsed value sits at, or a function from a path in the
 * value to its document path
 * @param value the parsed value (to describe what was found)
 * @param loc the locator of the file
 */
export function issueLines(
  issues: readonly z.core.$ZodIssue[],
  base: DocPath | ((path: DocPath) => DocPath),
  value: unknown,
  loc: Locator,
): string[] {
  const out: string[] = [];
  const at = typeof base === "function" ? base : (p: DocPath) => [...base, ...p];
  for (const issue of issues) {
    const path = at(issue.path.map((p) => typeof p === "symbol" ? String(p) : p));
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) out.push(loc.line([...path, k], `unknown key "${k}"`, true));
    } else if (issue.code === "invalid_key") {
      out.push(loc.line(path, `invalid name: ${phrase(issue.issues[0], undefined)}`, true));
    } else {
      out.push(loc.line(path, phrase(issue, valueAt(value, issue.path))));
    }
  }
  return out;
}
