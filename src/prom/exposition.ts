/** @module A streaming parser of the Prometheus text exposition format 0.0.4 (OpenMetrics-tolerant). */
import { splitTextLines } from "../io/lines.ts";
import { readQuoted } from "./series.ts";
import { isNameChar, scanLabels, skipSpace } from "./_labels.ts";
import type { Labels } from "./series.ts";
import { familyOf, parseSampleValue } from "./_family.ts";
import type { Family, MetricType } from "./_family.ts";

export type { Family, MetricType } from "./_family.ts";

/** One sample line of an exposition page. */
export interface Sample {
  /** The sample's own name, e.g. `vllm:e2e_request_latency_seconds_bucket`. */
  name: string;
  labels: Labels;
  /** The value; `NaN`, `+Inf` and `-Inf` become `NaN`, `Infinity` and `-Infinity`. */
  value: number;
  /** The optional timestamp as written (ms in 0.0.4, seconds in OpenMetrics); null when absent. */
  timestamp: number | null;
  /** The family the sample belongs to (`…_bucket` → its histogram), from the `# TYPE` lines. */
  family: string;
  /** The family's type; `untyped` when the page declares none. */
  type: MetricType;
}

/**
 * A syntax error on one line of an exposition page; `line` and `column` are 1-based.
 *
 * @example
 * ```ts
 * try { parseExpositionText('x{a="1} 2\n'); } catch (e) { (e as ExpositionSyntaxError).line; } // 1
 * ```
 */
export class ExpositionSyntaxError extends SyntaxError {
  readonly line: number;
  readonly column: number;
  /** The problem alone, without the position. */
  readonly detail: string;

  constructor(line: number, column: number, detail: string) {
    super(`Cannot parse exposition line ${line}, column ${column}: ${detail}`);
    this.name = "ExpositionSyntaxError";
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}

const TYPES = new Set<string>([
  "counter",
  "gauge",
  "histogram",
  "gaugehistogram",
  "summary",
  "info",
  "stateset",
  "untyped",
  "unknown",
]);

/**
 * Parses an exposition page line by line, remembering `# HELP`, `# TYPE` and `# UNIT` metadata so
 * every sample knows its family and type. Stops at an OpenMetrics `# EOF`.
 *
 * @example
 * ```ts
 * const parser = new ExpositionParser();
 * parser.parseLine("# TYPE up gauge");
 * parser.parseLine("up 1"); // { name: "up", labels: {}, value: 1, type: "gauge", … }
 * ```
 */
export class ExpositionParser {
  /** Families seen in metadata lines, by name. */
  readonly families: Map<string, Family> = new Map();
  /** Number of the last line given to `parseLine` (1-based). */
  lineNumber = 0;
  /** True once `# EOF` was read; later lines are ignored. */
  done = false;
  #familyCache = new Map<string, Family>();
  #failAt = (column: number, detail: string): never => this.#fail(column, detail);

  /**
   * Parses the next line, given without its line break (split text with src/io/lines.ts, which
   * also drops the `\r` of a CRLF).
   *
   * @returns the sample the line holds, or null for blank lines, comments and metadata
   * @throws {ExpositionSyntaxError} when the line is malformed
   */
  parseLine(line: string): Sample | null {
    this.lineNumber++;
    if (this.done) return null;
    const i = skipSpace(line, 0);
    if (i >= line.length) return null;
    if (line[i] === "#") {
      this.#comment(line, i + 1);
      return null;
    }
    return this.#sample(line, i);
  }

  #fail(column: number, detail: string): never {
    throw new ExpositionSyntaxError(this.lineNumber, column + 1, detail);
  }

  #comment(line: string, start: number): void {
    const tokens = line.slice(start).trim().split(/[ \t]+/);
    const keyword = tokens[0];
    if (keyword === "EOF" && tokens.length === 1) {
      this.done = true;
      return;
    }
    if (keyword !== "HELP" && keyword !== "TYPE" && keyword !== "UNIT") return;
    const at = line.indexOf(keyword, start) + keyword.length;
    const rest = line.slice(skipSpace(line, at));
    let name: string;
    let after: number;
    if (rest.startsWith('"')) {
      const quoted = readQuoted(rest, 0);
      if (!quoted) this.#fail(line.length, "metric name is not closed by a quote");
      name = quoted.value;
      after = quoted.end;
    } else {
      const m = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
      if (!m) this.#fail(at, `# ${keyword} needs a metric name`);
      name = m[0];
      after = m[0].length;
    }
    if (after < rest.length && rest[after] !== " " && rest[after] !== "\t") {
      this.#fail(line.length - rest.length + after, `invalid character in metric name "${name}"`);
    }
    const text = rest.slice(after).replace(/^[ \t]+/, "");
    const family = this.families.get(name) ?? { name, type: "untyped", typed: false };
    if (keyword === "HELP") {
      family.help = text.replace(/\\(\\|n)/g, (_, c) => (c === "n" ? "\n" : "\\"));
    } else if (keyword === "UNIT") {
      family.unit = text.trimEnd();
    } else {
      const type = text.trimEnd();
      if (!TYPES.has(type)) this.#fail(line.length - text.length, `unknown metric type "${type}"`);
      if (family.typed && family.type !== type) {
        this.#fail(
          0,
          `second TYPE line for "${name}" says "${type}", the first said "${family.type}"`,
        );
      }
      family.type = type as MetricType;
      family.typed = true;
      this.#familyCache.clear();
    }
    this.families.set(name, family);
  }

  #sample(line: string, start: number): Sample {
    let i = start;
    let name = "";
    while (i < line.length && isNameChar(line.charCodeAt(i), i === start)) i++;
    name = line.slice(start, i);
    if (name === "" && line[i] !== "{") this.#fail(i, "expected a metric name");
    const labels: Labels = {};
    if (line[skipSpace(line, i)] === "{") {
      const r = scanLabels(
        line,
        skipSpace(line, i) + 1,
        name,
        labels,
        this.#failAt,
      );
      name = r.name;
      i = r.end;
    }
    if (name === "") this.#fail(start, "expected a metric name");
    const valueAt = skipSpace(line, i);
    if (valueAt === i) {
      this.#fail(i, i >= line.length ? "expected a value" : `invalid character "${line[i]}"`);
    }
    const rest = line.slice(valueAt);
    const tokens = rest.split(/[ \t]+/).filter((t) => t !== "");
    if (tokens.length === 0) this.#fail(valueAt, "expected a value");
    const value = parseSampleValue(tokens[0]);
    if (value === undefined) this.#fail(valueAt, `invalid value "${tokens[0]}"`);
    let timestamp: number | null = null;
    let next = 1;
    if (tokens.length > 1 && tokens[1] !== "#") {
      timestamp = parseSampleValue(tokens[1]) ?? null;
      if (timestamp === null || !Number.isFinite(timestamp)) {
        this.#fail(
          valueAt + rest.indexOf(tokens[1], tokens[0].length),
          `invalid timestamp "${tokens[1]}"`,
        );
      }
      next = 2;
    }
    // An OpenMetrics exemplar (`# {trace_id="…"} 1`) may follow; anything else may not.
    if (tokens.length > next && tokens[next] !== "#") {
      this.#fail(
        valueAt + rest.lastIndexOf(tokens[next]),
        `unexpected text "${tokens[next]}" after the value`,
      );
    }
    const family = this.#family(name);
    return { name, labels, value, timestamp, family: family.name, type: family.type };
  }

  #family(name: string): Family {
    let family = this.#familyCache.get(name);
    if (!family) {
      family = familyOf(name, this.families);
      this.#familyCache.set(name, family);
    }
    return family;
  }
}

/**
 * Parses exposition lines as they arrive (from `readLines` over a response body or a file).
 *
 * @param lines the page's lines, without their line breaks (e.g. from `splitLines` of
 *   src/io/lines.ts over a response body)
 * @throws {ExpositionSyntaxError} at the first malformed line
 * @example
 * ```ts
 * for await (const s of parseExposition(["# TYPE up gauge", "up 1"])) console.log(s.name, s.value);
 * ```
 */
export async function* parseExposition(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<Sample> {
  const parser = new ExpositionParser();
  for await (const line of lines) {
    const sample = parser.parseLine(line);
    if (sample) yield sample;
    if (parser.done) return;
  }
}

/**
 * Parses a whole exposition page held in a string (small pages and tests).
 *
 * @throws {ExpositionSyntaxError} at the first malformed line
 * @example
 * ```ts
 * parseExpositionText("# TYPE up gauge\nup 1\n")[0].value; // 1
 * ```
 */
export function parseExpositionText(text: string): Sample[] {
  const parser = new ExpositionParser();
  const samples: Sample[] = [];
  for (const line of splitTextLines(text)) {
    const sample = parser.parseLine(line);
    if (sample) samples.push(sample);
    if (parser.done) break;
  }
  return samples;
}
