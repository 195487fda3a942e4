/** @module Internal: the lexical pieces of a sample line (names, spaces, the `{…}` label set). */
import { readQuoted } from "./series.ts";
import type { Labels } from "./series.ts";

/**
 * Reads a label set from just after its `{` into `labels`. A quoted string standing alone is the
 * metric name (the UTF-8 form `{"my.metric", a="b"}`).
 *
 * @param name the metric name read before the `{` ("" when none)
 * @param fail reports a problem at a 0-based column and does not return
 * @returns the metric name and the index after the closing `}`
 */
export function scanLabels(
  line: string,
  start: number,
  name: string,
  labels: Labels,
  fail: (column: number, detail: string) => never,
): { name: string; end: number } {
  let i = start;
  for (;;) {
    i = skipSpace(line, i);
    if (i >= line.length) fail(i, "label set is not closed by }");
    if (line[i] === "}") return { name, end: i + 1 };
    let label: string;
    if (line[i] === '"') {
      const quoted = readQuoted(line, i);
      if (!quoted) fail(i, "label name is not closed by a quote");
      label = quoted.value;
      i = skipSpace(line, quoted.end);
      if (line[i] === "," || line[i] === "}") {
        if (name !== "") fail(i, `metric name given twice ("${name}" and "${label}")`);
        name = label;
        if (line[i] === ",") i++;
        continue;
      }
    } else {
      const from = i;
      while (i < line.length && isLabelChar(line.charCodeAt(i), i === from)) i++;
      if (i === from) fail(i, `invalid character "${line[i]}" in label name`);
      label = line.slice(from, i);
      i = skipSpace(line, i);
    }
    if (line[i] !== "=") fail(i, `expected "=" after label name "${label}"`);
    i = skipSpace(line, i + 1);
    if (line[i] !== '"') fail(i, `expected a quoted value for label "${label}"`);
    const value = readQuoted(line, i);
    if (!value) fail(i, `value of label "${label}" is not closed by a quote`);
    if (Object.hasOwn(labels, label)) fail(i, `label "${label}" given twice`);
    if (label === "__proto__") {
      Object.defineProperty(labels, label, {
        value: value.value,
        enumerable: true,
        writable: true,
      });
    } else labels[label] = value.value;
    i = skipSpace(line, value.end);
    if (line[i] === ",") i++;
    else if (line[i] !== "}") {
      fail(i, i >= line.length ? "label set is not closed by }" : `expected "," or "}"`);
    }
  }
}

/** Returns the first index at or after `i` that is not a space or tab. */
export function skipSpace(line: string, i: number): number {
  while (i < line.length && (line.charCodeAt(i) === 0x20 || line.charCodeAt(i) === 0x09)) i++;
  return i;
}

/** `[a-zA-Z_:]` first, `[a-zA-Z0-9_:]` after. */
export function isNameChar(c: number, first: boolean): boolean {
  return c === 0x3a || isLabelChar(c, first);
}

/** `[a-zA-Z_]` first, `[a-zA-Z0-9_]` after. */
export function isLabelChar(c: number, first: boolean): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f ||
    (!first && c >= 0x30 && c <= 0x39);
}
