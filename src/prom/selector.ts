/** @module Requested metrics: a bare name or a PromQL-style series selector `name{label="v"}`. */
import { UserError } from "../util/errors.ts";
import { readQuoted } from "./series.ts";
import type { Labels } from "./series.ts";

/** One label matcher, as in PromQL: `=`, `!=`, `=~` and `!~` (regexes match the whole value). */
export interface LabelMatcher {
  label: string;
  op: "=" | "!=" | "=~" | "!~";
  value: string;
  /** The anchored regex for `=~` and `!~`. */
  regex?: RegExp;
}

/** A requested metric: the name it was written with, the metric name and its label matchers. */
export interface Selector {
  /** The request as the user wrote it. */
  text: string;
  name: string;
  matchers: LabelMatcher[];
}

const NAME = /^[ \t]*([a-zA-Z_:][a-zA-Z0-9_:]*)[ \t]*/;
const LABEL = /^[ \t]*([a-zA-Z_][a-zA-Z0-9_]*)[ \t]*(=~|!~|!=|=)[ \t]*/;

/**
 * Parses a requested metric: `vllm:num_requests_running` or
 * `vllm:num_requests_running{model_name="m",engine!="1"}`.
 *
 * @throws {UserError} when the text is not a name with an optional label-matcher set
 * @example
 * ```ts
 * parseSelector('up{job="vllm"}'); // { name: "up", matchers: [{ label: "job", op: "=", value: "vllm" }], … }
 * ```
 */
export function parseSelector(text: string): Selector {
  function fail(detail: string): never {
    throw new UserError(`Cannot parse metric selector "${text}": ${detail}`);
  }
  const head = NAME.exec(text);
  if (!head) fail("expected a metric name");
  const name = head[1];
  const matchers: LabelMatcher[] = [];
  let i = head[0].length;
  if (text[i] === "{") {
    i++;
    for (;;) {
      while (text[i] === " " || text[i] === "\t") i++;
      if (text[i] === "}") break;
      const m = LABEL.exec(text.slice(i));
      if (!m) fail(`expected a label matcher at column ${i + 1}`);
      i += m[0].length;
      if (text[i] !== '"') fail(`expected a quoted value for label "${m[1]}"`);
      const quoted = readQuoted(text, i);
      if (!quoted) fail(`value of label "${m[1]}" is not closed by a quote`);
      const op = m[2] as LabelMatcher["op"];
      matchers.push({
        label: m[1],
        op,
        value: quoted.value,
        regex: toRegex(op, quoted.value, fail),
      });
      i = quoted.end;
      while (text[i] === " " || text[i] === "\t") i++;
      if (text[i] === ",") i++;
      else if (text[i] !== "}") fail(`expected "," or "}" at column ${i + 1}`);
    }
    i++;
  }
  if (text.slice(i).trim() !== "") {
    fail(`unexpected text "${text.slice(i).trim()}" after the selector`);
  }
  return { text, name, matchers };
}

function toRegex(op: string, value: string, fail: (d: string) => never): RegExp | undefined {
  if (op !== "=~" && op !== "!~") return undefined;
  try {
    return new RegExp(`^(?:${value})$`, "s");
  } catch (error) {
    return fail(`invalid regex "${value}": ${(error as Error).message}`);
  }
}

/**
 * Tells whether a series' labels satisfy every matcher; a missing label counts as `""`, as in
 * PromQL.
 *
 * @example
 * ```ts
 * matchesLabels(parseSelector('x{a="1"}').matchers, { a: "1", b: "2" }); // true
 * ```
 */
export function matchesLabels(matchers: readonly LabelMatcher[], labels: Labels): boolean {
  for (const m of matchers) {
    const value = Object.hasOwn(labels, m.label) ? labels[m.label] : "";
    const ok = m.regex ? m.regex.test(value) : value === m.value;
    if (ok !== (m.op === "=" || m.op === "=~")) return false;
  }
  return true;
}
