/** @module Series identity: label sets, label-value escaping and the `name{a="x"}` series key. */

/** A series' labels, name → value (no `__name__`; the metric name is kept apart). */
export type Labels = Record<string, string>;

/**
 * Escapes a label value as the exposition format writes it: `\` → `\\`, `"` → `\"`,
 * line feed → `\n`.
 *
 * @example
 * ```ts
 * escapeLabelValue('say "hi"\n'); // 'say \\"hi\\"\\n'
 * ```
 */
export function escapeLabelValue(value: string): string {
  if (!/[\\"\n]/.test(value)) return value;
  return value.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

/**
 * Returns the series key `name{a="x",b="y"}`: labels sorted by name, values escaped as in the
 * exposition format; the bare `name` when there are no labels. This is the key of every map of
 * scraped values (`scrapeMetrics`, `metricDeltas`, `scraped.json`).
 *
 * @param name metric name (sample name, e.g. `vllm:e2e_request_latency_seconds_bucket`)
 * @param labels the series' labels, `__name__` excluded
 * @example
 * ```ts
 * seriesKey("vllm:num_requests_running", { model_name: "m", engine: "0" });
 * // 'vllm:num_requests_running{engine="0",model_name="m"}'
 * ```
 */
export function seriesKey(name: string, labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length === 0) return name;
  names.sort(compareCodeUnits);
  let out = `${name}{`;
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ",";
    out += `${names[i]}="${escapeLabelValue(labels[names[i]])}"`;
  }
  return `${out}}`;
}

/** Orders strings by UTF-16 code units, as `Array.prototype.sort` does by default. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A quoted string read from a line: its unescaped value and the index just past its closing quote. */
export interface Quoted {
  value: string;
  end: number;
}

/**
 * Reads a double-quoted string starting at `line[start]` (which must be `"`), undoing the
 * exposition escapes `\\`, `\"` and `\n`; any other escaped character is kept with its backslash,
 * as Prometheus does.
 *
 * @returns the value and the index after the closing quote, or null when the quote is not closed
 * @example
 * ```ts
 * readQuoted('a="x\\"y" 1', 2); // { value: 'x"y', end: 8 }
 * ```
 */
export function readQuoted(line: string, start: number): Quoted | null {
  let i = start + 1;
  let value = "";
  let from = i;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c === 0x22 /* " */) return { value: value + line.slice(from, i), end: i + 1 };
    if (c === 0x5c /* \ */) {
      if (i + 1 >= line.length) return null;
      const next = line[i + 1];
      value += line.slice(from, i) +
        (next === "n" ? "\n" : next === "\\" || next === '"' ? next : `\\${next}`);
      i += 2;
      from = i;
      continue;
    }
    i++;
  }
  return null;
}
